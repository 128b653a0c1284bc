package io.github.seckill.benchmarks.jmh;

import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.benchmarks.InFlightWindow;
import io.github.seckill.benchmarks.SeckillSale;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.shard.ShardStrategies;
import java.time.Duration;
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
 * Admissions per second through the engine for every strategy and shard count, in memory and on Redis, with stock
 * that never runs out and a new buyer per attempt: the steady-state cost of dedupe, deduction and the strategy's
 * plan (behaviour near a sell-out is the contract tests' business). One thread submits attempts through the
 * asynchronous API with up to {@value #IN_FLIGHT} in flight; the queue discards, so only admission is measured. Run
 * with {@code -prof gc} for the allocation per attempt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class StrategyBenchmark {

    static final int IN_FLIGHT = 64;

    @Param({"memory", "redis"})
    public String backend;

    @Param({"polling", "bitmap", "stealing"})
    public String strategy;

    @Param({"1", "4", "16"})
    public int shards;

    private final AtomicLong users = new AtomicLong();
    private SeckillSale sale;
    private InFlightWindow window;

    /**
     * A fresh sale every iteration: with stock that never runs out, every attempt leaves a buyer's slot behind, and a
     * whole trial's worth would measure the garbage collector instead of admission.
     */
    @Setup(Level.Iteration)
    public void launch() {
        if (backend.equals("memory")) {
            sale = new SeckillSale(InMemorySeckill.create().admissionGate(), 1, shards,
                    ShardStrategies.byName(strategy), () -> { });
        } else {
            Fixtures.flushRedis();
            Backends.RedisGate redis = Backends.redisGate(Fixtures.redisUri(), true);
            sale = new SeckillSale(redis.gate(), 1, shards, ShardStrategies.byName(strategy), redis);
        }
        window = new InFlightWindow(IN_FLIGHT);
    }

    @TearDown(Level.Iteration)
    public void check() {
        try {
            window.drainAndCheck(Duration.ofMinutes(1));
        } finally {
            sale.close();
        }
    }

    @Benchmark
    public void admit() {
        sale.buy(users.incrementAndGet(), window);
    }
}
