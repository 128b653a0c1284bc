package io.github.seckill.benchmarks.jmh;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.FlashSale;
import io.github.seckill.benchmarks.DiscardingOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.shard.ShardStrategies;
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
 * Admissions per second through the engine for every strategy and shard count, with stock that never runs out and a
 * new buyer per attempt: the cost of dedupe plus deduction plus the strategy's plan. The queue discards, so only
 * admission is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(2)
public class StrategyBenchmark {

    @Param({"memory"})
    public String backend;

    @Param({"polling", "bitmap", "stealing"})
    public String strategy;

    @Param({"1", "4", "16"})
    public int shards;

    private FlashSale sale;
    private final AtomicLong users = new AtomicLong();
    private long activityId;

    @Setup(Level.Iteration)
    public void launch() {
        InMemorySeckill memory = InMemorySeckill.create();
        sale = FlashSale.builder(memory.admissionGate(), new DiscardingOrderQueue()).build();
        activityId = 1 + users.get();
        sale.launch(ActivityConfig.builder(activityId)
                .stock(Long.MAX_VALUE / 4)
                .shards(shards)
                .strategy(ShardStrategies.byName(strategy))
                .window(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1)))
                .build());
    }

    @TearDown(Level.Iteration)
    public void close() {
        sale.close();
    }

    @Benchmark
    public AttemptResult admit() {
        return sale.attempt(activityId, users.incrementAndGet(), "r");
    }
}
