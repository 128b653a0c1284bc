package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.engine.FlashSale;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.tck.OpenWindow;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Prometheus renders names its own way: every listed meter registers there and shows in the scrape. */
class PrometheusNamesTest {

    @Test
    void everyMeterRegistersInPrometheusAndShowsInTheScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SeckillMetrics metrics = SeckillMetrics.create(registry);
        InMemorySeckill memory = InMemorySeckill.create();
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build()) {
            memory.stockLedger().defineActivity(OpenWindow.now().activity(1).stock(10).build().toLedgerActivity());
            SeckillMeterTest.fireEveryEvent(metrics);
            MySqlLedgerMetrics.of(metrics).retried("lock", 1, new IllegalStateException());
            metrics.watch(1, ActivitySources.builder().sale(sale).ledger(memory.stockLedger())
                    .waitlist(memory.waitlist()).auditor(Auditor.of(memory.stockLedger())).build());

            Set<String> registered = registry.getMeters().stream().map(m -> m.getId().getName())
                    .collect(Collectors.toSet());
            assertThat(registered).containsExactlyInAnyOrderElementsOf(SeckillMeter.names("seckill"));
            String scrape = registry.scrape();
            for (Meter m : registry.getMeters()) {
                String rendered = registry.config().namingConvention()
                        .name(m.getId().getName(), m.getId().getType(), m.getId().getBaseUnit());
                assertThat(scrape).as(m.getId().toString()).contains("\n" + rendered);
            }
            assertThat(NamingConvention.snakeCase.name("seckill.audit.oversold", Meter.Type.GAUGE))
                    .isEqualTo("seckill_audit_oversold");
            assertThat(scrape).contains(
                    "seckill_attempts_total{activity=\"1\",backend=\"none\",exception=\"none\","
                            + "outcome=\"ADMITTED\"} 1.0",
                    "seckill_settled_total{outcome=\"LOCKED\"} 1.0",
                    "seckill_audit_oversold{activity=\"1\"} 0.0",
                    "seckill_attempt_duration_seconds_bucket{");
        }
    }
}
