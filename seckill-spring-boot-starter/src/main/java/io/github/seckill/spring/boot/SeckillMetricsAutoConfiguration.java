package io.github.seckill.spring.boot;

import io.github.seckill.admission.Waitlist;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.micrometer.ActivitySources;
import io.github.seckill.micrometer.MySqlLedgerMetrics;
import io.github.seckill.micrometer.SeckillMetrics;
import io.github.seckill.mysql.MySqlLedgerListener;
import io.github.seckill.reconcile.Auditor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The sale's Micrometer meters ({@link SeckillMetrics}) on the application's {@link MeterRegistry}, when it has one:
 * the engine, queue, settler, lifecycle and reconciler report to it as a listener, the ledger's retries through
 * {@link MySqlLedgerMetrics}, and every activity opened through {@link SeckillActivities} is watched (Redis remaining,
 * ledger units, waitlist, the audit's oversold count).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = "seckill", name = "enabled", matchIfMissing = true)
@ConditionalOnClass({MeterRegistry.class, SeckillMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public class SeckillMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SeckillMetrics seckillMetrics(MeterRegistry registry) {
        return SeckillMetrics.create(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    MySqlLedgerListener seckillLedgerMetrics(SeckillMetrics metrics) {
        return MySqlLedgerMetrics.of(metrics);
    }

    @Bean
    @ConditionalOnMissingBean(name = "seckillMetricsWatch")
    SeckillActivities.Observer seckillMetricsWatch(SeckillMetrics metrics, ObjectProvider<FlashSale> sale,
            ObjectProvider<StockLedger> ledger, ObjectProvider<Waitlist> waitlist, ObjectProvider<Auditor> auditor) {
        return config -> {
            ActivitySources.Builder sources = ActivitySources.builder().sale(sale.getObject())
                    .ledger(ledger.getObject());
            waitlist.ifAvailable(sources::waitlist);
            auditor.ifAvailable(sources::auditor);
            metrics.watch(config.activityId(), sources.build());
        };
    }
}
