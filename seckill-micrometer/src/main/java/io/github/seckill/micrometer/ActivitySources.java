package io.github.seckill.micrometer;

import io.github.seckill.admission.Waitlist;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.reconcile.Auditor;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the polled gauges of a {@linkplain SeckillMetrics#watch watched} activity read from; a gauge is registered
 * for each source given, none for the others. Immutable.
 *
 * <pre>{@code
 * metrics.watch(888, ActivitySources.builder()
 *         .sale(sale)                    // admission remaining, the sold-out flag
 *         .ledger(ledger)                // available, locked, sold
 *         .waitlist(redis.waitlist())    // buyers waiting
 *         .auditor(Auditor.of(ledger))   // oversold (must read 0), violations
 *         .build());
 * }</pre>
 */
public final class ActivitySources {

    private final @Nullable FlashSale sale;
    private final @Nullable StockLedger ledger;
    private final @Nullable Waitlist waitlist;
    private final @Nullable Auditor auditor;

    private ActivitySources(Builder b) {
        this.sale = b.sale;
        this.ledger = b.ledger;
        this.waitlist = b.waitlist;
        this.auditor = b.auditor;
    }

    /** @return a builder with no source */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the engine whose admission stock and sold-out flag are read */
    public Optional<FlashSale> sale() {
        return Optional.ofNullable(sale);
    }

    /** @return the ledger whose stock row is read */
    public Optional<StockLedger> ledger() {
        return Optional.ofNullable(ledger);
    }

    /** @return the waitlist whose length is read */
    public Optional<Waitlist> waitlist() {
        return Optional.ofNullable(waitlist);
    }

    /** @return the auditor whose report is read */
    public Optional<Auditor> auditor() {
        return Optional.ofNullable(auditor);
    }

    @Override
    public String toString() {
        return "ActivitySources[sale=" + (sale != null) + ", ledger=" + (ledger != null) + ", waitlist="
                + (waitlist != null) + ", auditor=" + (auditor != null) + "]";
    }

    /** Builds {@link ActivitySources}; at least one source is required. */
    public static final class Builder {
        private @Nullable FlashSale sale;
        private @Nullable StockLedger ledger;
        private @Nullable Waitlist waitlist;
        private @Nullable Auditor auditor;

        private Builder() {
        }

        /**
         * @param engine the engine the activity is launched on: {@code admission.remaining} (sum of
         *     {@link FlashSale#remaining}) and {@code sold.out.flag}
         * @return this builder
         */
        public Builder sale(FlashSale engine) {
            this.sale = Objects.requireNonNull(engine, "sale");
            return this;
        }

        /**
         * @param stockLedger the ledger: {@code ledger.units} (available, locked, sold)
         * @return this builder
         */
        public Builder ledger(StockLedger stockLedger) {
            this.ledger = Objects.requireNonNull(stockLedger, "ledger");
            return this;
        }

        /**
         * @param activityWaitlist the waitlist: {@code waitlist.size}
         * @return this builder
         */
        public Builder waitlist(Waitlist activityWaitlist) {
            this.waitlist = Objects.requireNonNull(activityWaitlist, "waitlist");
            return this;
        }

        /**
         * @param activityAuditor the auditor, run at most once per {@link SeckillMetrics.Builder#auditEvery}:
         *     {@code audit.oversold} and {@code audit.violations}
         * @return this builder
         */
        public Builder auditor(Auditor activityAuditor) {
            this.auditor = Objects.requireNonNull(activityAuditor, "auditor");
            return this;
        }

        /**
         * @return the sources
         * @throws IllegalStateException if none was given
         */
        public ActivitySources build() {
            if (sale == null && ledger == null && waitlist == null && auditor == null) {
                throw new IllegalStateException("no source to watch: set sale, ledger, waitlist or auditor");
            }
            return new ActivitySources(this);
        }
    }
}
