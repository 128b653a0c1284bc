package io.github.seckill.micrometer;

import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.reconcile.AuditReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The polled gauges of one activity, and the meters to remove when it is no longer watched. */
final class WatchedActivity {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedActivity.class);

    private final long activityId;
    private final SeckillMetrics metrics;
    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();

    WatchedActivity(SeckillMetrics metrics, MeterRegistry registry, long activityId, ActivitySources sources) {
        this.activityId = activityId;
        this.metrics = metrics;
        this.registry = registry;
        this.tags = metrics.activityTags(activityId);
        long refresh = metrics.refreshEvery().toNanos();
        sources.sale().ifPresent(sale -> {
            Polled<Long> remaining = polled("admission", () -> remaining(sale), refresh);
            gauge(SeckillMeter.ADMISSION_REMAINING, Tags.empty(), remaining, r -> number(r.get()));
            // A JVM-local flag: cheap, read on every scrape.
            gauge(SeckillMeter.SOLD_OUT_FLAG, Tags.empty(), sale, s -> soldOutFlag(s));
        });
        sources.ledger().ifPresent(ledger -> {
            Polled<StockSnapshot> stock = polled("ledger", () -> stock(ledger), refresh);
            gauge(SeckillMeter.LEDGER_UNITS, Tags.of(SeckillTag.STATE.key(), "available"), stock,
                    s -> units(s.get(), StockSnapshot::available));
            gauge(SeckillMeter.LEDGER_UNITS, Tags.of(SeckillTag.STATE.key(), "locked"), stock,
                    s -> units(s.get(), StockSnapshot::locked));
            gauge(SeckillMeter.LEDGER_UNITS, Tags.of(SeckillTag.STATE.key(), "sold"), stock,
                    s -> units(s.get(), StockSnapshot::sold));
        });
        sources.waitlist().ifPresent(waitlist -> {
            Polled<Long> size = polled("waitlist", () -> waitlist.size(activityId), refresh);
            gauge(SeckillMeter.WAITLIST_SIZE, Tags.empty(), size, s -> number(s.get()));
        });
        sources.auditor().ifPresent(auditor -> {
            Polled<AuditReport> audit = polled("audit", () -> auditor.audit(activityId),
                    metrics.auditEvery().toNanos());
            gauge(SeckillMeter.AUDIT_OVERSOLD, Tags.empty(), audit, a -> oversold(a.get()));
            gauge(SeckillMeter.AUDIT_VIOLATIONS, Tags.empty(), audit, a -> violations(a.get()));
        });
    }

    /** Removes every meter of this watch from the registry. */
    void remove() {
        meters.forEach(registry::remove);
    }

    /** @return the meters of this watch */
    List<Meter> meters() {
        return List.copyOf(meters);
    }

    private <T> Polled<T> polled(String source, Supplier<@Nullable T> read, long intervalNanos) {
        Counter failures = Counter.builder(metrics.name(SeckillMeter.POLL_FAILURES))
                .description(SeckillMeter.POLL_FAILURES.description())
                .tags(tags.and(SeckillTag.SOURCE.key(), source)).register(registry);
        meters.add(failures);
        return new Polled<>(read, e -> {
            failures.increment();
            LOG.warn("could not read the {} of activity {} for its gauges", source, activityId, e);
        }, metrics.clock(), intervalNanos);
    }

    private <T> void gauge(SeckillMeter meter, Tags extra, T state, ToDoubleFunction<T> value) {
        meters.add(Gauge.builder(metrics.name(meter), state, value).description(meter.description())
                .tags(tags.and(extra)).strongReference(true).register(registry));
    }

    private @Nullable Long remaining(FlashSale sale) {
        long[] shards = sale.remaining(activityId);
        if (shards.length == 0) {
            // Never loaded in admission: nothing to report, which is not "zero left".
            return null;
        }
        long sum = 0;
        for (long units : shards) {
            sum += units;
        }
        return sum;
    }

    private double soldOutFlag(FlashSale sale) {
        if (sale.activity(activityId).isEmpty()) {
            return Double.NaN;
        }
        return sale.isSoldOut(activityId) ? 1 : 0;
    }

    private @Nullable StockSnapshot stock(StockLedger ledger) {
        return ledger.stock(activityId).orElse(null);
    }

    private static double number(@Nullable Long value) {
        return value == null ? Double.NaN : value;
    }

    private static double units(@Nullable StockSnapshot stock, ToDoubleFunction<StockSnapshot> part) {
        return stock == null ? Double.NaN : part.applyAsDouble(stock);
    }

    private static double oversold(@Nullable AuditReport report) {
        // Without a stock row there is nothing to oversell: "0" would read as a verdict (the violations say why).
        return report == null || report.stock() == null ? Double.NaN : report.oversold();
    }

    private static double violations(@Nullable AuditReport report) {
        return report == null ? Double.NaN : report.violations().size();
    }
}
