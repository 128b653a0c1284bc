package io.github.seckill.mysql;

import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Entry point of the MySQL backend: the {@link StockLedger} on the user's own {@link DataSource}, and the schema it
 * needs.
 *
 * <pre>{@code
 * DataSource pool = MySqlDataSources.hikari("jdbc:mysql://db:3306/shop", "shop", secret); // or your own pool
 * SeckillMySql mysql = SeckillMySql.builder(pool).build();
 * mysql.migrate();                                   // idempotent; safe from several instances at once
 * StockLedger ledger = mysql.stockLedger();
 * ledger.defineActivity(new LedgerActivity(activityId, skuId, 1_000, startsAt, endsAt, Duration.ofMinutes(15)));
 * OrderSettler settler = OrderSettler.builder(queue, ledger).start();
 * }</pre>
 *
 * <p>The ledger runs every transaction at READ COMMITTED and with auto-commit off, setting both on each connection it
 * borrows if needed; a pool already configured that way ({@link MySqlDataSources}) saves those round trips. Instances
 * are immutable and thread-safe.
 */
public final class SeckillMySql {

    private final DataSource dataSource;
    private final SchemaMigrator migrator;
    private final MySqlStockLedger stockLedger;
    private final MySqlLeaseStore leaseStore;

    private SeckillMySql(Builder b) {
        this.dataSource = b.dataSource;
        this.migrator = new SchemaMigrator(b.dataSource, b.migrationLockTimeout, b.clock);
        Transactor transactor = new Transactor(b.dataSource, b.maxAttempts, b.retryBackoff, b.listener);
        this.stockLedger = new MySqlStockLedger(transactor, b.clock, b.maxBatchSize);
        this.leaseStore = new MySqlLeaseStore(transactor);
    }

    /**
     * @param dataSource connections to the database holding (or to hold) the ledger's tables
     * @return a builder with default options
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * @param dataSource connections to the database holding (or to hold) the ledger's tables
     * @return the backend with default options
     */
    public static SeckillMySql create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * Creates or upgrades the ledger's tables ({@code seckill_activity}, {@code seckill_order},
     * {@code seckill_order_rejection}, and {@code seckill_schema_version} to track versions). Idempotent, and safe to
     * call from several instances at once: they take turns on a server lock named after the database.
     *
     * @return the schema versions applied by this call; empty if the database was up to date
     * @throws io.github.seckill.BackendUnavailableException if the database fails or another instance holds the
     *     migration lock too long
     * @throws IllegalStateException if an applied script was edited since
     */
    public List<Integer> migrate() {
        return migrator.migrate();
    }

    /** @return the stock ledger */
    public StockLedger stockLedger() {
        return stockLedger;
    }

    /**
     * @return leases in the ledger's database ({@code seckill_lease}): single-flight reconciliation across instances,
     *     leased order-id worker ids
     */
    public LeaseStore leaseStore() {
        return leaseStore;
    }

    /** @return the data source this backend uses */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String toString() {
        return "SeckillMySql{" + stockLedger + '}';
    }

    /** Options of a {@link SeckillMySql}; every option has a default. */
    public static final class Builder {

        private final DataSource dataSource;
        private InstantSource clock = InstantSource.system();
        private int maxBatchSize = 500;
        private int maxAttempts = 10;
        private Duration retryBackoff = Duration.ofMillis(2);
        private Duration migrationLockTimeout = Duration.ofSeconds(60);
        private MySqlLedgerListener listener = MySqlLedgerListener.NOOP;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * @param clock stamps orders ({@code created_at}, which the payment timeout counts from) and status changes;
         *     the system clock by default
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param maxBatchSize the most orders one settlement (or timeout release) transaction handles; larger groups
         *     of one activity are settled in consecutive transactions, in admission order. 500 by default
         * @return this builder
         */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1 || maxBatchSize > 5_000) {
                throw new IllegalArgumentException("maxBatchSize must be in [1, 5000], was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * @param maxAttempts how often a transaction runs at most when it is a deadlock victim, times out waiting
         *     for a row lock or loses a race for a row, before the call fails with a
         *     {@link io.github.seckill.BackendUnavailableException}; 10 by default
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param retryBackoff the pause before the first retry, doubled (with jitter) for each later one; 2 ms by
         *     default
         * @return this builder
         */
        public Builder retryBackoff(Duration retryBackoff) {
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative, was " + retryBackoff);
            }
            this.retryBackoff = retryBackoff;
            return this;
        }

        /**
         * @param migrationLockTimeout how long {@link SeckillMySql#migrate()} waits for another instance's migration;
         *     60 s by default
         * @return this builder
         */
        public Builder migrationLockTimeout(Duration migrationLockTimeout) {
            if (migrationLockTimeout.isNegative() || migrationLockTimeout.isZero()) {
                throw new IllegalArgumentException("migrationLockTimeout must be positive, was " + migrationLockTimeout);
            }
            this.migrationLockTimeout = migrationLockTimeout;
            return this;
        }

        /**
         * @param listener receives retries; it must be fast and must not throw
         * @return this builder
         */
        public Builder listener(MySqlLedgerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @return the backend */
        public SeckillMySql build() {
            return new SeckillMySql(this);
        }
    }
}
