/**
 * seckill's stock ledger on MySQL or MariaDB. It takes any JDBC {@code DataSource} and builds HikariCP pools, so
 * readers of this module read java.sql and HikariCP too; the JDBC driver is the application's choice.
 */
module io.github.seckill.mysql {
    requires transitive io.github.seckill;
    requires transitive java.sql;
    requires transitive com.zaxxer.hikari;
    requires org.slf4j;

    exports io.github.seckill.mysql;
}
