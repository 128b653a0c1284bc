package io.github.seckill.spring.boot;

import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlLedgerListener;
import io.github.seckill.mysql.SeckillMySql;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The stock ledger and the leases on MySQL or MariaDB, through {@link SeckillMySql}, on the application's one
 * {@link DataSource} (Boot's own from {@code spring.datasource.*}, or the application's); the tables are migrated at
 * startup unless {@code seckill.mysql.migrate=false}. Backs off entirely when the application defines its own
 * {@link StockLedger}.
 */
@AutoConfiguration(
        after = SeckillMetricsAutoConfiguration.class,
        afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnProperty(prefix = "seckill", name = "enabled", matchIfMissing = true)
@ConditionalOnMissingBean(StockLedger.class)
@EnableConfigurationProperties(SeckillProperties.class)
public class SeckillMySqlAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SeckillMySql seckillMySql(ObjectProvider<DataSource> dataSources, ObjectProvider<MySqlLedgerListener> listener,
            SeckillProperties properties) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("seckill needs one DataSource for its ledger: set spring.datasource.url"
                    + " (with spring-boot-starter-jdbc), define a DataSource bean (or mark one @Primary), or define a"
                    + " SeckillMySql bean");
        }
        SeckillMySql.Builder builder = SeckillMySql.builder(dataSource);
        listener.ifAvailable(builder::listener);
        SeckillMySql mysql = builder.build();
        if (properties.mysql().migrate()) {
            mysql.migrate();
        }
        return mysql;
    }

    // views of SeckillMySql, on a DataSource that stays the application's: nothing to close

    @Bean(destroyMethod = "")
    StockLedger seckillStockLedger(SeckillMySql mysql) {
        return mysql.stockLedger();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    LeaseStore seckillLeaseStore(SeckillMySql mysql) {
        return mysql.leaseStore();
    }
}
