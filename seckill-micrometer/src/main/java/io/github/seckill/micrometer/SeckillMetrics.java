package io.github.seckill.micrometer;

import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.event.BreakerState;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderMessage;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline's events as Micrometer meters. It is a {@link SeckillListener}: give the same instance to every part
 * that takes a listener ({@code FlashSaleBuilder}, {@code OrderSettler.Builder}, {@code OrderLifecycle.Builder},
 * {@code ReconcilerBuilder}, the queue's options), and for the MySQL ledger's retries {@link MySqlLedgerMetrics}.
 * What events cannot tell (stock left, the waitlist, the audit's verdict) is polled for the activities it
 * {@linkplain #watch watches}. {@link SeckillMeter} lists every meter, its name, type and tags.
 *
 * <pre>{@code
 * SeckillMetrics metrics = SeckillMetrics.builder(registry)
 *         .tags(Tags.of("instance", podName))
 *         .percentiles(0.5, 0.99)
 *         .build();
 * FlashSale sale = FlashSale.builder(gate, queue).listener(metrics).build();
 * metrics.watch(888, ActivitySources.builder().sale(sale).ledger(ledger).auditor(Auditor.of(ledger)).build());
 * }</pre>
 *
 * <p>Immutable configuration, thread-safe. Meters are created at their first event and cached, so an event costs a
 * map lookup and an increment. Use one instance per registry and prefix: a second one would share counters but not
 * gauges. Tag values that are SDK enum constants keep their names ({@code outcome=SOLD_OUT}, {@code state=PAID});
 * the module's own words are lower case ({@code outcome=failed}, {@code state=available}); exceptions go by simple
 * class name ({@code exception=OrderNotQueuedException}), activities by id ({@code activity=888}).
 */
public final class SeckillMetrics implements SeckillListener {

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final String NONE = "none";
    private static final String FAILED = "failed";
    private static final String UNKNOWN = "unknown";
    private static final int MAX_CAUSE_DEPTH = 16;
    /** Activity ids are positive: meters without an activity tag, or an unreadable dead letter's. */
    private static final long NO_ACTIVITY = 0;

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags commonTags;
    private final double[] percentiles;
    private final boolean percentileHistogram;
    private final Duration minimumExpectedLatency;
    private final Duration maximumExpectedLatency;
    private final Duration refreshEvery;
    private final Duration auditEvery;
    private final Clock clock;

    private final ConcurrentHashMap<MeterKey, Meter> meters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MeterKey, Level> levels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, WatchedActivity> watched = new ConcurrentHashMap<>();

    /** Which meter, and the values of its tags: the activity (if it has one), then up to two more in order. */
    private record MeterKey(SeckillMeter meter, long activity, @Nullable Object first, @Nullable Object second,
            @Nullable Object third) {
        MeterKey(SeckillMeter meter, long activity, @Nullable Object first, @Nullable Object second) {
            this(meter, activity, first, second, null);
        }
    }

    /** A gauge fed by events, and the value it reads. */
    private record Level(AtomicLong value, Gauge gauge) {
    }

    private SeckillMetrics(Builder b) {
        this.registry = b.registry;
        this.prefix = b.prefix;
        this.commonTags = b.tags;
        this.percentiles = b.percentiles.clone();
        this.percentileHistogram = b.percentileHistogram;
        this.minimumExpectedLatency = b.minimumExpectedLatency;
        this.maximumExpectedLatency = b.maximumExpectedLatency;
        this.refreshEvery = b.refreshEvery;
        this.auditEvery = b.auditEvery;
        this.clock = b.clock != null ? b.clock : b.registry.config().clock();
    }

    /**
     * @param registry where the meters go
     * @return a builder with the defaults: prefix {@code seckill}, percentile histograms on, no client-side
     *     percentiles, latencies expected between 100 µs and 10 s, polled gauges refreshed every 5 s, audits every
     *     minute
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * @param registry where the meters go
     * @return metrics with the defaults of {@link #builder}
     */
    public static SeckillMetrics create(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** @return the prefix of every meter name */
    public String prefix() {
        return prefix;
    }

    /** @return the names of every meter this instance can register, in {@link SeckillMeter} order */
    public List<String> meterNames() {
        return SeckillMeter.names(prefix);
    }

    /**
     * Registers an activity's polled gauges ({@code admission.remaining}, {@code sold.out.flag},
     * {@code ledger.units}, {@code waitlist.size}, {@code audit.oversold}, {@code audit.violations}, one for each
     * source given) and its {@code poll.failures} counters. A gauge reads its source at most once per
     * {@link Builder#refreshEvery} (the audit once per {@link Builder#auditEvery}), when the registry asks for its
     * value and the last read is stale; the scrape that finds it stale waits for the read. A read that fails counts a
     * poll failure and the gauge reads NaN until the next; so does a source that knows nothing of the activity.
     * Watching an activity again replaces its sources.
     *
     * @param activityId the activity
     * @param sources where to read
     */
    public void watch(long activityId, ActivitySources sources) {
        checkActivity(activityId);
        Objects.requireNonNull(sources, "sources");
        watched.compute(activityId, (id, old) -> {
            if (old != null) {
                old.remove();
            }
            return new WatchedActivity(this, registry, id, sources);
        });
    }

    /**
     * Removes an activity's polled gauges and poll-failure counters from the registry.
     *
     * @param activityId the activity
     * @return whether it was watched
     */
    public boolean unwatch(long activityId) {
        WatchedActivity w = watched.remove(activityId);
        if (w == null) {
            return false;
        }
        w.remove();
        return true;
    }

    /** @return the activities watched now */
    public Set<Long> watchedActivities() {
        return Set.copyOf(watched.keySet());
    }

    /**
     * Removes every meter of an activity from the registry, event-fed ones included, for an activity that is over
     * and scraped for the last time: a long-running service would otherwise keep the series of every past sale. An
     * event of the activity arriving afterwards registers its meter again, from zero.
     *
     * @param activityId the activity
     */
    public void forget(long activityId) {
        checkActivity(activityId);
        unwatch(activityId);
        meters.entrySet().removeIf(e -> {
            if (e.getKey().activity() != activityId) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
        levels.entrySet().removeIf(e -> {
            if (e.getKey().activity() != activityId) {
                return false;
            }
            registry.remove(e.getValue().gauge());
            return true;
        });
    }

    // Admission

    @Override
    public void attemptAnswered(long activityId, AttemptResult.Outcome outcome, long nanos) {
        counter(new MeterKey(SeckillMeter.ATTEMPTS, activityId, outcome, NONE, NONE)).increment();
        timer(new MeterKey(SeckillMeter.ATTEMPT_DURATION, activityId, outcome, null))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void attemptFailed(long activityId, Throwable cause, long nanos) {
        counter(new MeterKey(SeckillMeter.ATTEMPTS, activityId, FAILED, cause.getClass(), backend(cause)))
                .increment();
        timer(new MeterKey(SeckillMeter.ATTEMPT_DURATION, activityId, FAILED, null))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void admitted(OrderMessage order, boolean replayed, boolean degraded) {
        counter(new MeterKey(SeckillMeter.ADMITTED, order.activityId(), replayed, degraded)).increment();
    }

    @Override
    public void admissionFailed(long activityId, Throwable cause, boolean degraded) {
        counter(new MeterKey(SeckillMeter.ADMISSION_FAILURES, activityId, cause.getClass(), backend(cause),
                degraded)).increment();
    }

    @Override
    public void soldOut(long activityId) {
        counter(new MeterKey(SeckillMeter.SOLD_OUT, activityId, null, null)).increment();
    }

    @Override
    public void reopened(long activityId) {
        counter(new MeterKey(SeckillMeter.REOPENED, activityId, null, null)).increment();
    }

    @Override
    public void admissionBreakerChanged(long activityId, BreakerState from, BreakerState to) {
        level(new MeterKey(SeckillMeter.ADMISSION_BREAKER_STATE, activityId, null, null))
                .set(SeckillMeter.breakerGaugeValue(to));
        counter(new MeterKey(SeckillMeter.ADMISSION_BREAKER_TRANSITIONS, activityId, to, null)).increment();
    }

    // Queue

    @Override
    public void published(OrderMessage order, long nanos, boolean durable) {
        timer(new MeterKey(SeckillMeter.PUBLISH_DURATION, order.activityId(), durable ? "durable" : "not_queued",
                null)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void compensated(OrderMessage order, Throwable cause, boolean compensated) {
        counter(new MeterKey(SeckillMeter.COMPENSATIONS, order.activityId(),
                compensated ? "given_back" : "not_given_back", cause.getClass(), backend(cause))).increment();
    }

    @Override
    public void consumerLag(String group, int partition, long lag) {
        level(new MeterKey(SeckillMeter.QUEUE_LAG, NO_ACTIVITY, group,
                partition < 0 ? NONE : Integer.toString(partition))).set(lag);
    }

    @Override
    public void consumeRetry(int batchSize, int attempt, Throwable cause) {
        counter(new MeterKey(SeckillMeter.CONSUME_RETRIES, NO_ACTIVITY, cause.getClass(), backend(cause)))
                .increment();
    }

    @Override
    public void deadLettered(List<DeadLetter> letters) {
        for (DeadLetter letter : letters) {
            OrderMessage m = letter.message();
            counter(new MeterKey(SeckillMeter.DEAD_LETTERED, m != null ? m.activityId() : NO_ACTIVITY, null, null))
                    .increment();
        }
    }

    @Override
    public void consumerStopped(String group, String consumer, Throwable cause) {
        counter(new MeterKey(SeckillMeter.CONSUMERS_STOPPED, NO_ACTIVITY, group, cause.getClass(), backend(cause)))
                .increment();
    }

    @Override
    public void queueBreakerChanged(BreakerState from, BreakerState to) {
        level(new MeterKey(SeckillMeter.QUEUE_BREAKER_STATE, NO_ACTIVITY, null, null))
                .set(SeckillMeter.breakerGaugeValue(to));
        counter(new MeterKey(SeckillMeter.QUEUE_BREAKER_TRANSITIONS, NO_ACTIVITY, to, null)).increment();
    }

    // Ledger

    @Override
    public void settled(List<Settlement> settlements, long nanos) {
        Settlement.Outcome[] outcomes = Settlement.Outcome.values();
        int[] counts = new int[outcomes.length];
        for (Settlement s : settlements) {
            counts[s.outcome().ordinal()]++;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                counter(new MeterKey(SeckillMeter.SETTLED, NO_ACTIVITY, outcomes[i], null)).increment(counts[i]);
            }
        }
        timer(new MeterKey(SeckillMeter.SETTLE_DURATION, NO_ACTIVITY, null, null)).record(nanos, TimeUnit.NANOSECONDS);
        summary(new MeterKey(SeckillMeter.SETTLE_BATCH_SIZE, NO_ACTIVITY, null, null)).record(settlements.size());
    }

    @Override
    public void orderUpdated(OrderUpdate update) {
        counter(new MeterKey(SeckillMeter.ORDER_UPDATES, update.activityId(), update.state(), null)).increment();
    }

    /** The MySQL ledger ran a transaction again ({@link MySqlLedgerMetrics}). */
    void ledgerRetried(String operation, Throwable cause) {
        counter(new MeterKey(SeckillMeter.LEDGER_RETRIES, NO_ACTIVITY, operation, cause.getClass())).increment();
    }

    // After admission

    @Override
    public void restored(long activityId, long orderId) {
        counter(new MeterKey(SeckillMeter.GIVE_BACKS, activityId, "restored", null)).increment();
    }

    @Override
    public void giveBackFailed(long activityId, long orderId, int quantity, Throwable cause) {
        counter(new MeterKey(SeckillMeter.GIVE_BACKS, activityId, FAILED, null)).increment();
        counter(new MeterKey(SeckillMeter.GIVE_BACK_STRANDED_UNITS, activityId, null, null)).increment(quantity);
    }

    @Override
    public void keptUnsold(long activityId, long orderId, int quantity) {
        counter(new MeterKey(SeckillMeter.KEPT_UNSOLD_UNITS, activityId, null, null)).increment(quantity);
    }

    @Override
    public void waitlistOffered(OrderMessage order) {
        counter(new MeterKey(SeckillMeter.WAITLIST_OFFERS, order.activityId(), null, null)).increment();
    }

    // Reconciliation

    @Override
    public void reconciled(ReconciliationReport report) {
        long id = report.activityId();
        timer(new MeterKey(SeckillMeter.RECONCILE_DURATION, id, report.outcome(), null))
                .record(report.durationNanos(), TimeUnit.NANOSECONDS);
        if (report.outcome() != ReconciliationReport.Outcome.RECONCILED
                && report.outcome() != ReconciliationReport.Outcome.REBUILT) {
            // A run that did nothing (lease held elsewhere, unknown activity) reports zeros, not the state.
            return;
        }
        counter(new MeterKey(SeckillMeter.RECONCILE_UNITS, id, "added", null)).increment(report.unitsAdded());
        counter(new MeterKey(SeckillMeter.RECONCILE_UNITS, id, "removed", null)).increment(report.unitsRemoved());
        counter(new MeterKey(SeckillMeter.RECONCILE_UNITS, id, "given_back", null)).increment(report.givenBack());
        counter(new MeterKey(SeckillMeter.RECONCILE_REPUBLISHED, id, null, null)).increment(report.stranded());
        counter(new MeterKey(SeckillMeter.RECONCILE_SLOTS_RESTORED, id, null, null))
                .increment(report.slotsRestored());
        level(new MeterKey(SeckillMeter.RECONCILE_DEFERRED_UNITS, id, null, null)).set(report.topUpDeferred());
    }

    @Override
    public String toString() {
        return "SeckillMetrics[prefix=" + prefix + ", tags=" + commonTags + ", watched=" + watched.keySet() + "]";
    }

    // Meters

    String name(SeckillMeter meter) {
        return meter.name(prefix);
    }

    Tags activityTags(long activityId) {
        return commonTags.and(SeckillTag.ACTIVITY.key(), activityValue(activityId));
    }

    Clock clock() {
        return clock;
    }

    Duration refreshEvery() {
        return refreshEvery;
    }

    Duration auditEvery() {
        return auditEvery;
    }

    private Counter counter(MeterKey key) {
        return (Counter) meter(key);
    }

    private Timer timer(MeterKey key) {
        return (Timer) meter(key);
    }

    private DistributionSummary summary(MeterKey key) {
        return (DistributionSummary) meter(key);
    }

    private Meter meter(MeterKey key) {
        Meter m = meters.get(key);
        return m != null ? m : meters.computeIfAbsent(key, this::register);
    }

    private Meter register(MeterKey key) {
        SeckillMeter meter = key.meter();
        Tags tags = tags(key);
        return switch (meter.type()) {
            case COUNTER -> Counter.builder(name(meter)).description(meter.description()).tags(tags)
                    .register(registry);
            case TIMER -> Timer.builder(name(meter)).description(meter.description()).tags(tags)
                    .publishPercentiles(percentiles).publishPercentileHistogram(percentileHistogram)
                    .minimumExpectedValue(minimumExpectedLatency).maximumExpectedValue(maximumExpectedLatency)
                    .register(registry);
            case DISTRIBUTION_SUMMARY -> DistributionSummary.builder(name(meter)).description(meter.description())
                    .tags(tags).register(registry);
            default -> throw new IllegalStateException(meter + " is not fed by events");
        };
    }

    private AtomicLong level(MeterKey key) {
        Level l = levels.get(key);
        if (l == null) {
            l = levels.computeIfAbsent(key, k -> {
                AtomicLong value = new AtomicLong();
                Gauge gauge = Gauge.builder(name(k.meter()), value, AtomicLong::get)
                        .description(k.meter().description()).tags(tags(k)).strongReference(true)
                        .register(registry);
                return new Level(value, gauge);
            });
        }
        return l.value();
    }

    private Tags tags(MeterKey key) {
        Tags tags = commonTags;
        @Nullable Object[] values = {key.first(), key.second(), key.third()};
        int next = 0;
        for (SeckillTag tag : key.meter().tags()) {
            String value;
            if (tag == SeckillTag.ACTIVITY) {
                value = activityValue(key.activity());
            } else {
                Object v = values[next++];
                if (v == null) {
                    throw new IllegalStateException(key.meter() + " needs a value for tag " + tag);
                }
                value = tagValue(v);
            }
            tags = tags.and(tag.key(), value);
        }
        if (next < values.length && values[next] != null) {
            throw new IllegalStateException(key.meter() + " has no tag for " + values[next]);
        }
        return tags;
    }

    /** @return the backend a failure names, by the first {@link BackendUnavailableException} in its cause chain */
    private static String backend(Throwable failure) {
        Throwable t = failure;
        // Bounded: a cause chain may loop.
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof BackendUnavailableException b) {
                return b.backend();
            }
        }
        return NONE;
    }

    private static String activityValue(long activityId) {
        return activityId > 0 ? Long.toString(activityId) : UNKNOWN;
    }

    private static String tagValue(Object value) {
        if (value instanceof Enum<?> e) {
            // As the SDK spells it: a dashboard matches outcome="SOLD_OUT" against the API's own answers.
            return e.name();
        }
        if (value instanceof Class<?> c) {
            String simple = c.getSimpleName();
            return simple.isEmpty() ? c.getName() : simple;
        }
        return value.toString();
    }

    private static void checkActivity(long activityId) {
        if (activityId <= 0) {
            throw new IllegalArgumentException("activityId must be positive, was " + activityId);
        }
    }

    /** Builds {@link SeckillMetrics}; every setter checks its argument. */
    public static final class Builder {
        private final MeterRegistry registry;
        private String prefix = SeckillMeter.DEFAULT_PREFIX;
        private Tags tags = Tags.empty();
        private double[] percentiles = new double[0];
        private boolean percentileHistogram = true;
        private Duration minimumExpectedLatency = Duration.ofNanos(100_000);
        private Duration maximumExpectedLatency = Duration.ofSeconds(10);
        private Duration refreshEvery = Duration.ofSeconds(5);
        private Duration auditEvery = Duration.ofMinutes(1);
        private @Nullable Clock clock;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param meterPrefix the first part of every meter name: lower-case words separated by dots, such as
         *     {@code seckill} (the default) or {@code shop.seckill}
         * @return this builder
         * @throws IllegalArgumentException if it is not such words
         */
        public Builder prefix(String meterPrefix) {
            Objects.requireNonNull(meterPrefix, "prefix");
            if (!PREFIX.matcher(meterPrefix).matches()) {
                throw new IllegalArgumentException("prefix must be lower-case words separated by dots, such as "
                        + "'seckill', was '" + meterPrefix + "'");
            }
            this.prefix = meterPrefix;
            return this;
        }

        /**
         * @param commonTags tags added to every meter, such as the instance ({@code Tags.of("instance", pod)});
         *     they replace those set before
         * @return this builder
         * @throws IllegalArgumentException if a key is one of {@link SeckillTag}'s
         */
        public Builder tags(Iterable<Tag> commonTags) {
            Tags t = Tags.of(Objects.requireNonNull(commonTags, "tags"));
            for (Tag tag : t) {
                for (SeckillTag own : SeckillTag.values()) {
                    if (own.key().equals(tag.getKey())) {
                        throw new IllegalArgumentException("tag '" + tag.getKey() + "' is set per meter");
                    }
                }
            }
            this.tags = t;
            return this;
        }

        /**
         * @param quantiles client-side percentiles every timer publishes, each strictly between 0 and 1, such as
         *     {@code 0.5, 0.99}; none by default (they cannot be aggregated across instances, histograms can);
         *     none given publishes none
         * @return this builder
         * @throws IllegalArgumentException if one is out of range or repeated
         */
        public Builder percentiles(double... quantiles) {
            double[] sorted = Objects.requireNonNull(quantiles, "percentiles").clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                if (!(sorted[i] > 0 && sorted[i] < 1)) {
                    throw new IllegalArgumentException("percentiles must be strictly between 0 and 1, was "
                            + sorted[i]);
                }
                if (i > 0 && sorted[i] == sorted[i - 1]) {
                    throw new IllegalArgumentException("percentile " + sorted[i] + " is given twice");
                }
            }
            this.percentiles = sorted;
            return this;
        }

        /**
         * @param publish whether timers publish histogram buckets, for percentiles aggregated by the monitoring
         *     system (Prometheus {@code histogram_quantile}); on by default
         * @return this builder
         */
        public Builder percentileHistogram(boolean publish) {
            this.percentileHistogram = publish;
            return this;
        }

        /**
         * @param minimum the shortest latency the histograms resolve; 100 µs by default, as an attempt on Redis takes
         *     well under a millisecond
         * @param maximum the longest; 10 s by default
         * @return this builder
         * @throws IllegalArgumentException unless {@code 0 < minimum < maximum}
         */
        public Builder expectedLatency(Duration minimum, Duration maximum) {
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(maximum, "maximum");
            if (minimum.isNegative() || minimum.isZero() || minimum.compareTo(maximum) >= 0) {
                throw new IllegalArgumentException("expected latency needs 0 < minimum < maximum, was " + minimum
                        + " .. " + maximum);
            }
            this.minimumExpectedLatency = minimum;
            this.maximumExpectedLatency = maximum;
            return this;
        }

        /**
         * @param interval how long a polled read of admission, the ledger or the waitlist serves the gauges before
         *     the next scrape reads again; 5 s by default
         * @return this builder
         * @throws IllegalArgumentException unless positive
         */
        public Builder refreshEvery(Duration interval) {
            this.refreshEvery = positive(interval, "refreshEvery");
            return this;
        }

        /**
         * @param interval how long an audit serves the audit gauges; 1 min by default, as an audit reads every order
         *     of the activity
         * @return this builder
         * @throws IllegalArgumentException unless positive
         */
        public Builder auditEvery(Duration interval) {
            this.auditEvery = positive(interval, "auditEvery");
            return this;
        }

        /**
         * @param source the clock whose monotonic time measures the refresh intervals; the registry's by default
         * @return this builder
         */
        public Builder clock(Clock source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** @return the metrics */
        public SeckillMetrics build() {
            return new SeckillMetrics(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
