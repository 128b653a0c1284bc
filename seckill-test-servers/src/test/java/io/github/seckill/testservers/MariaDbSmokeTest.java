package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.testservers.junit.WithMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithMariaDb
class MariaDbSmokeTest {

    @Test
    void createsInsertsAndSelectsOverJdbc(MariaDbEndpoint db) throws SQLException {
        assertThat(db.jdbcUrl()).matches("jdbc:mysql://[^/]+:\\d+/" + db.database());
        try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE stock (sku VARCHAR(32) PRIMARY KEY, quantity INT NOT NULL) ENGINE=InnoDB");
            statement.execute("INSERT INTO stock VALUES ('sku-1', 100), ('sku-2', 5)");
            statement.execute("UPDATE stock SET quantity = quantity - 1 WHERE sku = 'sku-2'");

            try (ResultSet rows = statement.executeQuery("SELECT sku, quantity FROM stock ORDER BY sku")) {
                List<String> read = new ArrayList<>();
                while (rows.next()) {
                    read.add(rows.getString(1) + ":" + rows.getInt(2));
                }
                assertThat(read).containsExactly("sku-1:100", "sku-2:4");
            }
        }
    }

    @Test
    void eachTestClassGetsItsOwnDatabase(MariaDbEndpoint db) {
        assertThat(db.database()).startsWith("mariadbsmoketest_");
        assertThat(RealServers.mariaDb().database()).isNotEqualTo(db.database());
    }

    @Test
    void aFreshDatabaseIsEmptyAndSeesNoOtherDatabasesTables(MariaDbEndpoint db) throws SQLException {
        MariaDbEndpoint fresh = db.createFreshDatabase("isolation");
        assertThat(fresh.database()).startsWith("isolation_").isNotEqualTo(db.database());

        try (Connection connection = connect(fresh); Statement statement = connection.createStatement()) {
            assertThat(tables(statement)).isEmpty();
            statement.execute("CREATE TABLE only_here (id INT)");
            assertThat(tables(statement)).containsExactly("only_here");
        }
        try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
            assertThat(tables(statement)).doesNotContain("only_here");
        }
    }

    private static Connection connect(MariaDbEndpoint db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static List<String> tables(Statement statement) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SHOW TABLES")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
