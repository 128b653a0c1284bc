package io.github.seckill.benchmarks.jmh;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.FlashSale;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.benchmarks.DiscardingOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.shard.ShardPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rejections of a sold-out activity. {@code flag}: through the engine, which answers from its JVM-local sold-out
 * flag; {@code gate}: the same rejection asked of the in-memory gate every time, the baseline the flag saves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(2)
public class SoldOutBenchmark {

    @Param({"flag", "gate"})
    public String path;

    private static final long ACTIVITY = 7;
    private FlashSale sale;
    private AdmissionGate gate;
    private AdmissionRequest request;

    @Setup
    public void sellOut() {
        InMemorySeckill memory = InMemorySeckill.create();
        gate = memory.admissionGate();
        sale = FlashSale.builder(gate, new DiscardingOrderQueue()).build();
        sale.launch(ActivityConfig.builder(ACTIVITY).stock(0).shards(4)
                .window(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1))).build());
        if (!sale.isSoldOut(ACTIVITY)) {
            throw new IllegalStateException("the activity should start sold out");
        }
        long now = System.currentTimeMillis();
        request = new AdmissionRequest(ACTIVITY, 42, "r", 1, 1, ShardPlan.probing(0, 1, 2, 3), now, now + 10_000,
                now + 86_400_000);
    }

    @Benchmark
    public Object reject() {
        if (path.equals("flag")) {
            AttemptResult r = sale.attempt(ACTIVITY, 42, "r");
            return r;
        }
        AdmissionDecision d = gate.admit(request);
        return d;
    }
}
