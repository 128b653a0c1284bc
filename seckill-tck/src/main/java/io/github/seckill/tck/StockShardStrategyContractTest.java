package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardView;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.StockShardStrategy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract of a {@link StockShardStrategy}: valid plans for every shard count and view, and, run through the engine,
 * one order per user and (unless {@link #sellsOutExactly()} says otherwise) exactly the stock sold. Extend it and
 * implement {@link #createStrategy()}; override {@link #createGate()} to run it on a real backend.
 */
public abstract class StockShardStrategyContractTest {

    /** @return the strategy under test */
    protected abstract StockShardStrategy createStrategy();

    /** @return the backend the end-to-end checks run on; in memory unless overridden */
    protected AdmissionGate createGate() {
        return InMemorySeckill.create().admissionGate();
    }

    /**
     * @return whether the strategy sells exactly the stock when buyers outnumber it; a strategy that may leave units
     *     unsold on purpose returns {@code false}, and is then only held to never overselling
     */
    protected boolean sellsOutExactly() {
        return true;
    }

    @Test
    void plansAreValidForEveryShardCountAndView() {
        StockShardStrategy strategy = createStrategy();
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 1; n <= Shards.MAX_SHARDS; n++) {
            for (int i = 0; i < 200; i++) {
                long mask = random.nextLong() & Shards.allMask(n);
                long[] seen = random.longs(n, -1, 100).toArray();
                ShardView view = ShardView.fixed(n, i % 10 == 0 ? 0 : mask, seen);
                int shards = n;
                ShardPlan plan = strategy.plan(view, random);
                assertThat(plan.probeCount()).isPositive();
                assertThatCode(() -> plan.checkFits(shards)).as("plan %s for %d shards", plan, n)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void hasAStableName() {
        StockShardStrategy strategy = createStrategy();
        assertThat(strategy.name()).isNotBlank().isEqualTo(createStrategy().name());
    }

    /** 16 threads, 10,000 users with repeats, stock 1,000, through the engine and a ledger. */
    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 4, 16})
    void sellsTheStockOncePerUser(int shards) throws Exception {
        FlashSaleScenario.Outcome o =
                FlashSaleScenario.run(createGate(), createStrategy(), shards, sellsOutExactly());
        assertThat(o.admittedUsers()).isEqualTo(o.ledgerOrders());
        if (sellsOutExactly()) {
            assertThat(o.admittedUsers()).isEqualTo(Tck.STOCK);
        }
    }
}
