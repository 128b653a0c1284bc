package io.github.seckill.benchmarks.jmh;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.benchmarks.peer.DatabaseDirectSale;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.testservers.MariaDbEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Orders per second the ledger takes on one hot stock row, with one connection per JMH thread (run it with
 * {@code -t 1}, {@code -t 16}, {@code -t 64}...), on a database of its own with production durability:
 *
 * <ul>
 *   <li>{@code lock}: {@link StockLedger#lock}, one short transaction per order;</li>
 *   <li>{@code settle}: {@link StockLedger#settle} of {@value #BATCH}-order batches, the queue's batch size;</li>
 *   <li>{@code db-direct}: the database-direct sale, a guarded UPDATE and an order INSERT per order.</li>
 * </ul>
 *
 * The score to read is the {@code orders} counter; an invocation handles one order, or one batch for
 * {@code settle}. Every order must be locked (stock never runs out, buyers are new), or the iteration fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerBenchmark {

    /** Orders per {@code settle} call. */
    public static final int BATCH = 500;
    static final int MAX_CONNECTIONS = 64;
    private static final long ACTIVITY = 1;

    @Param({"lock", "settle", "db-direct"})
    public String impl;

    private final AtomicLong ids = new AtomicLong();
    private MariaDbEndpoint database;
    private AutoCloseable pool;
    /** Set for the ledger's own impls, null for db-direct. */
    private @Nullable StockLedger ledger;
    /** Set for db-direct only. */
    private @Nullable DatabaseDirectSale direct;

    /** Orders handled by one thread in the current iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Orders {
        public long orders;

        @Setup(Level.Iteration)
        public void reset() {
            orders = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        database = Fixtures.freshDatabase("ledger");
        if (impl.equals("db-direct")) {
            HikariDataSource plain = Fixtures.plainPool(database, MAX_CONNECTIONS);
            pool = plain;
            direct = new DatabaseDirectSale(plain, Fixtures.UNLIMITED_STOCK, 1);
            return;
        }
        Backends.MySqlLedger mysql = Backends.mysqlLedger(database, MAX_CONNECTIONS);
        pool = mysql;
        ledger = mysql.ledger();
        Instant now = Instant.now();
        ledger.defineActivity(new LedgerActivity(ACTIVITY, ACTIVITY, Fixtures.UNLIMITED_STOCK, now.minusSeconds(1),
                now.plus(Duration.ofHours(2)), Duration.ofMinutes(15)));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (direct != null) {
            direct.close();
        }
        pool.close();
        Fixtures.dropDatabase(database);
    }

    @Benchmark
    public void take(Orders counter) {
        switch (impl) {
            case "lock" -> {
                expectLocked(Objects.requireNonNull(ledger).lock(order()));
                counter.orders++;
            }
            case "settle" -> {
                List<OrderMessage> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    batch.add(order());
                }
                Objects.requireNonNull(ledger).settle(batch).forEach(LedgerBenchmark::expectLocked);
                counter.orders += BATCH;
            }
            case "db-direct" -> {
                if (!Objects.requireNonNull(direct).buyNow(ids.incrementAndGet())) {
                    throw new IllegalStateException("the database-direct sale refused a new buyer");
                }
                counter.orders++;
            }
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    private OrderMessage order() {
        long id = ids.incrementAndGet();
        return new OrderMessage(id, ACTIVITY, id, 1, 0, System.currentTimeMillis());
    }

    private static void expectLocked(Settlement s) {
        if (s.outcome() != Settlement.Outcome.LOCKED) {
            throw new IllegalStateException("order " + s.orderId() + " was " + s.outcome() + ", not LOCKED");
        }
    }
}
