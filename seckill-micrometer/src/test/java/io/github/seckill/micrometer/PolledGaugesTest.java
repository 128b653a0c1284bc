package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.tck.ForwardingStockLedger;
import io.github.seckill.tck.OpenWindow;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gauges that read a source when scraped: at most once per interval, NaN when they cannot, removable. */
class PolledGaugesTest {

    private static final long ID = 1;

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final Meters meters = new Meters(registry);
    private final InMemorySeckill memory = InMemorySeckill.create();
    private final FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue())
            .waitlist(memory.waitlist()).build();
    private final AtomicInteger stockReads = new AtomicInteger();
    private final AtomicInteger audits = new AtomicInteger();
    private final AtomicInteger waitlistReads = new AtomicInteger();
    private final AtomicBoolean ledgerDown = new AtomicBoolean();
    private final StockLedger countedLedger = new ForwardingStockLedger(memory.stockLedger()) {
        @Override
        public Optional<StockSnapshot> stock(long activityId) {
            stockReads.incrementAndGet();
            if (ledgerDown.get()) {
                throw new BackendUnavailableException("ledger", "down", null);
            }
            return super.stock(activityId);
        }
    };
    private final Auditor countedAuditor = Auditor.of(new ForwardingStockLedger(memory.stockLedger()) {
        @Override
        public Optional<StockSnapshot> stock(long activityId) {
            audits.incrementAndGet();
            return super.stock(activityId);
        }
    });
    private final Waitlist countedWaitlist = new CountingWaitlist(memory.waitlist(), waitlistReads);
    private final SeckillMetrics metrics = SeckillMetrics.builder(registry).refreshEvery(Duration.ofSeconds(5))
            .auditEvery(Duration.ofMinutes(1)).build();

    @AfterEach
    void close() {
        sale.close();
    }

    private void launch(long id, long stock, int shards) {
        ActivityConfig config = OpenWindow.now().activity(id).stock(stock).shards(shards).waitlist(100).build();
        memory.stockLedger().defineActivity(config.toLedgerActivity());
        sale.launch(config);
    }

    private ActivitySources everySource() {
        return ActivitySources.builder().sale(sale).ledger(countedLedger).waitlist(countedWaitlist)
                .auditor(countedAuditor).build();
    }

    @Test
    void eachGaugeReadsItsSource() {
        launch(ID, 10, 2);
        metrics.watch(ID, everySource());

        assertThat(meters.gauge(SeckillMeter.ADMISSION_REMAINING, "activity", "1")).isEqualTo(10);
        assertThat(meters.gauge(SeckillMeter.SOLD_OUT_FLAG, "activity", "1")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "1", "state", "available")).isEqualTo(10);
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "1", "state", "locked")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "1", "state", "sold")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.WAITLIST_SIZE, "activity", "1")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "1")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.AUDIT_VIOLATIONS, "activity", "1")).isEqualTo(0);
        assertThat(meters.count(SeckillMeter.POLL_FAILURES, "activity", "1")).isZero();
        assertThat(metrics.watchedActivities()).containsExactly(ID);
    }

    @Test
    void aScrapeReadsOnlyWhenTheLastReadIsOlderThanTheInterval() {
        launch(ID, 1, 1);
        metrics.watch(ID, everySource());
        for (int i = 0; i < 50; i++) {
            registry.getMeters().forEach(PolledGaugesTest::scrape);
        }
        assertThat(stockReads).as("three ledger gauges, one read").hasValue(1);
        assertThat(waitlistReads).hasValue(1);
        assertThat(audits).hasValue(1);

        assertThat(sale.attempt(ID, 10, "r10").isAdmitted()).isTrue();
        assertThat(sale.attempt(ID, 11, "r11").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        assertThat(sale.joinWaitlist(ID, 11).outcome()).isEqualTo(JoinResult.Outcome.JOINED);
        clock.add(Duration.ofMillis(4_999));
        assertThat(meters.gauge(SeckillMeter.ADMISSION_REMAINING, "activity", "1")).as("still cached").isEqualTo(1);
        assertThat(meters.gauge(SeckillMeter.WAITLIST_SIZE, "activity", "1")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.SOLD_OUT_FLAG, "activity", "1")).as("local, read every time")
                .isEqualTo(1);

        clock.add(Duration.ofMillis(1));
        assertThat(meters.gauge(SeckillMeter.ADMISSION_REMAINING, "activity", "1")).isEqualTo(0);
        assertThat(meters.gauge(SeckillMeter.WAITLIST_SIZE, "activity", "1")).isEqualTo(1);
        registry.getMeters().forEach(PolledGaugesTest::scrape);
        assertThat(stockReads).hasValue(2);
        assertThat(waitlistReads).hasValue(2);
        assertThat(audits).as("the audit has its own, longer interval").hasValue(1);

        clock.add(Duration.ofMinutes(1));
        registry.getMeters().forEach(PolledGaugesTest::scrape);
        registry.getMeters().forEach(PolledGaugesTest::scrape);
        assertThat(audits).hasValue(2);
        assertThat(stockReads).hasValue(3);
    }

    @Test
    void concurrentScrapesWaitForTheAuditUnderWayInsteadOfRunningTheirOwn() throws Exception {
        launch(ID, 5, 1);
        CountDownLatch auditing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Auditor slow = Auditor.of(new ForwardingStockLedger(memory.stockLedger()) {
            @Override
            public List<OrderRecord> orders(long activityId, long afterOrderId, int limit) {
                audits.incrementAndGet();
                auditing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.orders(activityId, afterOrderId, limit);
            }
        });
        metrics.watch(ID, ActivitySources.builder().auditor(slow).build());
        ExecutorService scrapers = Executors.newFixedThreadPool(4);
        try {
            Future<Double> first = scrapers.submit(() -> meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "1"));
            assertThat(auditing.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Double>> others = List.of(
                    scrapers.submit(() -> meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "1")),
                    scrapers.submit(() -> meters.gauge(SeckillMeter.AUDIT_VIOLATIONS, "activity", "1")),
                    scrapers.submit(() -> meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "1")));
            Thread.sleep(100);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(0);
            for (Future<Double> f : others) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(0);
            }
        } finally {
            scrapers.shutdownNow();
        }
        assertThat(audits).hasValue(1);
    }

    @Test
    void theOversoldGaugeReportsWhatTheAuditFinds() {
        launch(ID, 10, 1);
        // A ledger whose stock row holds more than its stock: the audit must say so.
        StockLedger broken = new ForwardingStockLedger(memory.stockLedger()) {
            @Override
            public Optional<StockSnapshot> stock(long activityId) {
                return Optional.of(new StockSnapshot(activityId, 10, 0, 8, 4));
            }
        };
        metrics.watch(ID, ActivitySources.builder().auditor(Auditor.of(broken)).build());
        assertThat(meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "1")).isEqualTo(2);
        assertThat(meters.gauge(SeckillMeter.AUDIT_VIOLATIONS, "activity", "1")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailedReadCountsOnceAndReadsNaNUntilTheNextRead() {
        launch(ID, 10, 1);
        metrics.watch(ID, ActivitySources.builder().ledger(countedLedger).build());
        ledgerDown.set(true);
        for (int i = 0; i < 10; i++) {
            assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "1", "state", "available")).isNaN();
        }
        assertThat(meters.count(SeckillMeter.POLL_FAILURES, "activity", "1", "source", "ledger")).isEqualTo(1);
        assertThat(stockReads).as("a down ledger is not asked on every scrape either").hasValue(1);
        ledgerDown.set(false);
        clock.add(Duration.ofSeconds(5));
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "1", "state", "available")).isEqualTo(10);
        assertThat(meters.count(SeckillMeter.POLL_FAILURES, "activity", "1", "source", "ledger")).isEqualTo(1);
    }

    @Test
    void anActivityNoSourceKnowsReadsNaNNotZero() {
        metrics.watch(99, everySource());
        assertThat(meters.gauge(SeckillMeter.ADMISSION_REMAINING, "activity", "99")).isNaN();
        assertThat(meters.gauge(SeckillMeter.SOLD_OUT_FLAG, "activity", "99")).isNaN();
        assertThat(meters.gauge(SeckillMeter.LEDGER_UNITS, "activity", "99", "state", "available")).isNaN();
        assertThat(meters.gauge(SeckillMeter.AUDIT_OVERSOLD, "activity", "99")).isNaN();
        assertThat(meters.gauge(SeckillMeter.AUDIT_VIOLATIONS, "activity", "99")).as("unknown activity")
                .isEqualTo(1);
        assertThat(meters.count(SeckillMeter.POLL_FAILURES, "activity", "99")).isZero();
    }

    @Test
    void unwatchRemovesTheActivitysGaugesAndWatchingAgainReplacesThem() {
        launch(ID, 10, 1);
        launch(2, 10, 1);
        metrics.watch(ID, everySource());
        metrics.watch(2, everySource());
        assertThat(tagged("1")).as("8 gauges, 4 failure counters").hasSize(12);

        metrics.watch(ID, ActivitySources.builder().ledger(countedLedger).build());
        assertThat(tagged("1")).extracting(m -> m.getId().getName()).containsOnly(
                SeckillMeter.LEDGER_UNITS.defaultName(), SeckillMeter.POLL_FAILURES.defaultName()).hasSize(4);

        assertThat(metrics.unwatch(ID)).isTrue();
        assertThat(tagged("1")).isEmpty();
        assertThat(metrics.unwatch(ID)).isFalse();
        assertThat(tagged("2")).hasSize(12);
        assertThat(metrics.watchedActivities()).containsExactly(2L);
    }

    @Test
    void forgetRemovesEveryMeterOfTheActivityEventFedOnesToo() {
        launch(ID, 10, 1);
        metrics.watch(ID, everySource());
        SeckillMeterTest.fireEveryEvent(metrics);
        metrics.attemptAnswered(2, AttemptResult.Outcome.ADMITTED, 1);
        metrics.consumerLag("orders", 0, 3);

        metrics.forget(ID);
        assertThat(tagged("1")).isEmpty();
        assertThat(metrics.watchedActivities()).isEmpty();
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "2")).isEqualTo(1);
        assertThat(meters.gauge(SeckillMeter.QUEUE_LAG, "group", "orders", "partition", "0")).isEqualTo(3);
        assertThat(meters.count(SeckillMeter.SETTLED)).as("not per activity: kept").isEqualTo(1);

        metrics.attemptAnswered(ID, AttemptResult.Outcome.SOLD_OUT, 1);
        metrics.admissionBreakerChanged(ID, io.github.seckill.event.BreakerState.CLOSED,
                io.github.seckill.event.BreakerState.OPEN);
        assertThat(meters.count(SeckillMeter.ATTEMPTS, "activity", "1")).as("registered again, from zero")
                .isEqualTo(1);
        assertThat(meters.gauge(SeckillMeter.ADMISSION_BREAKER_STATE, "activity", "1")).isEqualTo(1);
    }

    @Test
    void watchChecksItsArguments() {
        assertThatThrownBy(() -> metrics.watch(0, everySource())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.watch(ID, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ActivitySources.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ActivitySources.builder().ledger(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> metrics.forget(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<Meter> tagged(String activity) {
        return registry.getMeters().stream().filter(m -> activity.equals(m.getId().getTag("activity"))).toList();
    }

    private static void scrape(Meter m) {
        m.measure().forEach(measurement -> measurement.getValue());
    }

    /** Counts size reads. */
    private static final class CountingWaitlist implements Waitlist {
        private final Waitlist delegate;
        private final AtomicInteger sizeReads;

        CountingWaitlist(Waitlist delegate, AtomicInteger sizeReads) {
            this.delegate = delegate;
            this.sizeReads = sizeReads;
        }

        @Override
        public JoinResult join(JoinRequest request) {
            return delegate.join(request);
        }

        @Override
        public HandOver handOver(HandOverRequest request) {
            return delegate.handOver(request);
        }

        @Override
        public OptionalLong position(long activityId, long userId) {
            return delegate.position(activityId, userId);
        }

        @Override
        public boolean leave(long activityId, long userId) {
            return delegate.leave(activityId, userId);
        }

        @Override
        public long size(long activityId) {
            sizeReads.incrementAndGet();
            return delegate.size(activityId);
        }
    }
}
