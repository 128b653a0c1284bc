package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.event.BreakerState;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.tck.OrderMessageBuilder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The list of meters is the truth a dashboard is checked against: every one can be registered, and nothing else. */
class SeckillMeterTest {

    @Test
    void namesAreUniqueAndCarryThePrefix() {
        List<String> names = SeckillMeter.names("shop");
        assertThat(names).doesNotHaveDuplicates().hasSize(SeckillMeter.values().length)
                .allSatisfy(n -> assertThat(n).startsWith("shop."));
        assertThat(SeckillMeter.ATTEMPTS.defaultName()).isEqualTo("seckill.attempts");
        assertThat(Arrays.stream(SeckillTag.values()).map(SeckillTag::key)).doesNotHaveDuplicates();
        assertThat(SeckillMeter.values()).allSatisfy(m -> assertThat(m.description()).isNotBlank());
    }

    @Test
    void breakerStatesReadAsDocumented() {
        assertThat(Arrays.stream(BreakerState.values()).map(SeckillMeter::breakerGaugeValue))
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void everyEventAndWatchRegistersExactlyTheListedMetersWithTheirTagKeys() {
        MeterRegistry registry = new SimpleMeterRegistry();
        SeckillMetrics metrics = SeckillMetrics.create(registry);
        InMemorySeckill memory = InMemorySeckill.create();
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build()) {
            fireEveryEvent(metrics);
            MySqlLedgerMetrics.of(metrics).retried("settle", 1, new IllegalStateException("deadlock"));
            metrics.watch(1, ActivitySources.builder().sale(sale).ledger(memory.stockLedger())
                    .waitlist(memory.waitlist()).auditor(Auditor.of(memory.stockLedger())).build());
            registry.getMeters().forEach(SeckillMeterTest::read);

            Map<String, SeckillMeter> byName = Arrays.stream(SeckillMeter.values())
                    .collect(Collectors.toMap(SeckillMeter::defaultName, Function.identity()));
            Set<String> registered = new HashSet<>();
            for (Meter m : registry.getMeters()) {
                SeckillMeter listed = byName.get(m.getId().getName());
                assertThat(listed).as("%s is listed", m.getId()).isNotNull();
                assertThat(m.getId().getType()).as("type of %s", m.getId()).isEqualTo(listed.type());
                assertThat(m.getId().getTags()).extracting(Tag::getKey).as("tags of %s", m.getId())
                        .containsExactlyInAnyOrderElementsOf(listed.tags().stream().map(SeckillTag::key).toList());
                assertThat(m.getId().getDescription()).isEqualTo(listed.description());
                registered.add(m.getId().getName());
            }
            assertThat(registered).containsExactlyInAnyOrderElementsOf(SeckillMeter.names("seckill"));
        }
    }

    /** Only MySqlLedgerMetrics may need seckill-mysql, an optional dependency. */
    @Test
    void noOtherClassRefersToTheMySqlModule() throws IOException {
        for (Class<?> c : List.of(SeckillMetrics.class, SeckillMetrics.Builder.class, SeckillMeter.class,
                SeckillTag.class, ActivitySources.class, ActivitySources.Builder.class, WatchedActivity.class,
                Polled.class)) {
            assertThat(constantPool(c)).as(c.getName()).doesNotContain("io/github/seckill/mysql");
        }
        assertThat(constantPool(MySqlLedgerMetrics.class)).contains("io/github/seckill/mysql/MySqlLedgerListener");
    }

    private static String constantPool(Class<?> c) throws IOException {
        String file = c.getName().substring(c.getPackageName().length() + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void read(Meter m) {
        m.measure().forEach(measurement -> measurement.getValue());
    }

    static void fireEveryEvent(SeckillMetrics metrics) {
        OrderMessage order = OrderMessageBuilder.order(11).activity(1).build();
        RuntimeException boom = new IllegalStateException("boom");
        metrics.attemptAnswered(1, AttemptResult.Outcome.ADMITTED, 1_000);
        metrics.attemptFailed(1, new OrderNotQueuedException(order, boom), 2_000);
        metrics.admitted(order, false, false);
        metrics.admissionFailed(1, boom, true);
        metrics.soldOut(1);
        metrics.reopened(1);
        metrics.admissionBreakerChanged(1, BreakerState.CLOSED, BreakerState.OPEN);
        metrics.published(order, 3_000, true);
        metrics.compensated(order, boom, true);
        metrics.consumerLag("orders", 0, 5);
        metrics.consumeRetry(10, 1, boom);
        metrics.deadLettered(List.of(new DeadLetter(order, "poison", 3)));
        metrics.consumerStopped("orders", "consumer-1", boom);
        metrics.queueBreakerChanged(BreakerState.CLOSED, BreakerState.OPEN);
        metrics.settled(List.of(new Settlement(11, Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT)), 4_000);
        metrics.orderUpdated(new OrderUpdate(1, 11, 1, OrderState.PENDING_PAYMENT, 0));
        metrics.restored(1, 11);
        metrics.giveBackFailed(1, 12, 1, boom);
        metrics.keptUnsold(1, 13, 1);
        metrics.waitlistOffered(order);
        metrics.reconciled(new ReconciliationReport(1, ReconciliationReport.Outcome.RECONCILED, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 5_000));
    }
}
