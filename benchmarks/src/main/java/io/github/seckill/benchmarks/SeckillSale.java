package io.github.seckill.benchmarks;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionGate;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.shard.StockShardStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * seckill's engine over a gate, with a queue that discards: admission alone, through the public asynchronous API a
 * server would call.
 */
public final class SeckillSale implements SaleUnderTest {

    private static final Predicate<AttemptResult> ADMITTED = AttemptResult::isAdmitted;
    /**
     * The default breaker, but for slow calls: on a shared machine a stall of half a second is weather, and the
     * benchmarks measure throughput, so only failed calls may send attempts around the backend (which fails them).
     */
    private static final DegradedAdmission PATIENT = DegradedAdmission.builder()
            .breaker(CircuitBreakerConfig.from(DegradedAdmission.defaultBreaker(Duration.ofSeconds(1)))
                    .slowCallDurationThreshold(Duration.ofSeconds(60)).build())
            .build();

    private final FlashSale sale;
    private final long activityId;
    private final AutoCloseable resources;

    /**
     * Launches an activity with stock that never runs out.
     *
     * @param gate the admission backend
     * @param activityId an activity id not launched on the gate's storage yet
     * @param shards stock shards
     * @param strategy how attempts pick shards
     * @param resources what to close with the sale: the gate's backend and client
     */
    public SeckillSale(
            AdmissionGate gate, long activityId, int shards, StockShardStrategy strategy, AutoCloseable resources) {
        this.sale = FlashSale.builder(gate, new DiscardingOrderQueue()).degradedAdmission(PATIENT).build();
        this.activityId = activityId;
        this.resources = resources;
        sale.launch(ActivityConfig.builder(activityId)
                .stock(Fixtures.UNLIMITED_STOCK)
                .shards(shards)
                .strategy(strategy)
                .window(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(2)))
                .build());
    }

    @Override
    public CompletionStage<Boolean> buy(long userId) {
        return sale.attemptAsync(activityId, userId, "r", 1).thenApply(r -> r.isAdmitted());
    }

    @Override
    public boolean buyNow(long userId) {
        return sale.attempt(activityId, userId, "r", 1).isAdmitted();
    }

    @Override
    public void buy(long userId, InFlightWindow window) {
        window.acquire();
        window.track(sale.attemptAsync(activityId, userId, "r", 1), ADMITTED);
    }

    /** @return the engine */
    public FlashSale engine() {
        return sale;
    }

    @Override
    public void close() {
        sale.close();
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the gate's backend", e);
        }
    }
}
