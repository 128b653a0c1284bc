package io.github.seckill.benchmarks.jmh;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.DiscardingOrderQueue;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.shard.ShardPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Rejections of a sold-out activity on every core of the JVM. {@code flag}: through the engine, which answers from
 * its JVM-local sold-out flag; {@code memory-gate} and {@code redis-gate}: the same rejection asked of a gate every
 * time, the baselines the flag saves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(Threads.MAX)
public class SoldOutBenchmark {

    @Param({"flag", "memory-gate", "redis-gate"})
    public String path;

    private static final long ACTIVITY = 7;
    private static final int SHARDS = 4;
    private static final AtomicLong THREADS = new AtomicLong();
    private FlashSale sale;
    private AdmissionGate gate;
    private AutoCloseable resources = () -> { };

    /** Each thread's own buyer: concurrent attempts of one buyer would be in-flight replays, not rejections. */
    @State(Scope.Thread)
    public static class Buyer {
        long userId;
        AdmissionRequest request;

        @Setup(Level.Trial)
        public void pick() {
            userId = 1 + THREADS.incrementAndGet();
            long now = System.currentTimeMillis();
            request = new AdmissionRequest(ACTIVITY, userId, "r", userId, 1, ShardPlan.probing(0, 1, 2, 3), now,
                    now + 10_000, now + 86_400_000);
        }
    }

    @Setup(Level.Trial)
    public void sellOut() {
        if (path.equals("redis-gate")) {
            Fixtures.flushRedis();
            Backends.RedisGate redis = Backends.redisGate(Fixtures.redisUri(), false);
            gate = redis.gate();
            resources = redis;
        } else {
            gate = InMemorySeckill.create().admissionGate();
        }
        sale = FlashSale.builder(gate, new DiscardingOrderQueue()).build();
        sale.launch(ActivityConfig.builder(ACTIVITY).stock(0).shards(SHARDS)
                .window(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(2))).build());
        if (!sale.isSoldOut(ACTIVITY)) {
            throw new IllegalStateException("the activity should start sold out");
        }
        Buyer probe = new Buyer();
        probe.pick();
        if (gate.admit(probe.request).outcome() != AdmissionDecision.Outcome.SOLD_OUT) {
            throw new IllegalStateException("the gate should answer sold out");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        sale.close();
        resources.close();
    }

    @Benchmark
    public Object reject(Buyer buyer) {
        if (path.equals("flag")) {
            AttemptResult r = sale.attempt(ACTIVITY, buyer.userId, "r");
            return r;
        }
        return gate.admit(buyer.request);
    }
}
