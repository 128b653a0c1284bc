package io.github.seckill.benchmarks.jmh;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.benchmarks.InFlightWindow;
import io.github.seckill.benchmarks.SaleUnderTest;
import io.github.seckill.benchmarks.SeckillSale;
import io.github.seckill.benchmarks.peer.DatabaseDirectSale;
import io.github.seckill.benchmarks.peer.RedissonSemaphoreSale;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.testservers.MariaDbEndpoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Admitted attempts per second, a new buyer each, with stock that never runs out, against the number of attempts in
 * flight:
 *
 * <ul>
 *   <li>{@code redis-per-call}: seckill's engine on its Redis gate, one script call per attempt;</li>
 *   <li>{@code redis-coalesced}: the same, with concurrent attempts coalesced into batched script calls;</li>
 *   <li>{@code redisson-semaphore}: Redisson's {@code RSemaphore.tryAcquire} on the same Redis;</li>
 *   <li>{@code db-direct}: a guarded UPDATE and an order INSERT per attempt on MariaDB, with one connection per
 *       attempt in flight (at most {@value #MAX_CONNECTIONS}).</li>
 * </ul>
 *
 * One thread submits through each sale's asynchronous API, keeping {@code inFlight} attempts in flight; at one in
 * flight it calls each sale's synchronous API instead ({@link SaleUnderTest#buyNow}), as a buyer's thread waiting for
 * its answer does. A benchmark iteration fails if any attempt failed or was refused, so every figure counts sales.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AdmissionBenchmark {

    static final int MAX_CONNECTIONS = 64;
    /** One shard, as the ceiling's script calls use: on standalone Redis more shards only add keys per call. */
    private static final int SHARDS = 1;

    @Param({"redis-per-call", "redis-coalesced", "redisson-semaphore", "db-direct"})
    public String impl;

    @Param({"1", "4", "16", "64", "256", "1024"})
    public int inFlight;

    private final AtomicLong users = new AtomicLong();
    private SaleUnderTest sale;
    private InFlightWindow window;
    private @Nullable MariaDbEndpoint database;
    private @Nullable HikariDataSource pool;

    @Setup(Level.Trial)
    public void open() {
        sale = switch (impl) {
            case "redis-per-call", "redis-coalesced" -> {
                Fixtures.flushRedis();
                Backends.RedisGate redis = Backends.redisGate(Fixtures.redisUri(), impl.equals("redis-coalesced"));
                yield new SeckillSale(redis.gate(), 1, SHARDS, ShardStrategies.bitmapRouting(), redis);
            }
            case "redisson-semaphore" -> {
                Fixtures.flushRedis();
                yield new RedissonSemaphoreSale(Fixtures.redisUri(), "bench:semaphore", Integer.MAX_VALUE);
            }
            case "db-direct" -> {
                int connections = Math.min(inFlight, MAX_CONNECTIONS);
                database = Fixtures.freshDatabase("admission");
                pool = Fixtures.plainPool(database, connections);
                yield new DatabaseDirectSale(pool, Fixtures.UNLIMITED_STOCK, connections);
            }
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        window = new InFlightWindow(inFlight);
    }

    @TearDown(Level.Iteration)
    public void check() {
        window.drainAndCheck(Duration.ofMinutes(1));
    }

    @TearDown(Level.Trial)
    public void close() {
        sale.close();
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            Fixtures.dropDatabase(database);
        }
    }

    @Benchmark
    public void attempt() {
        long user = users.incrementAndGet();
        if (inFlight > 1) {
            sale.buy(user, window);
        } else if (!sale.buyNow(user)) {
            throw new IllegalStateException(impl + " refused new buyer " + user);
        }
    }
}
