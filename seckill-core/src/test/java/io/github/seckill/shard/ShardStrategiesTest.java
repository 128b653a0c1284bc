package io.github.seckill.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShardStrategiesTest {

    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void pollingProbesAtMostThreeConsecutiveShardsFromARandomStart() {
        ShardView view = ShardView.fixed(16, 0);
        Set<Integer> starts = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ShardPlan plan = ShardStrategies.polling().plan(view, random);
            assertThat(plan.probeCount()).isEqualTo(3);
            assertThat(plan.donorCount()).isZero();
            int start = plan.probe(0);
            starts.add(start);
            assertThat(plan.probe(1)).isEqualTo((start + 1) % 16);
            assertThat(plan.probe(2)).isEqualTo((start + 2) % 16);
        }
        assertThat(starts).hasSize(16);
    }

    @Test
    void pollingNeverProbesMoreShardsThanExist() {
        assertThat(ShardStrategies.polling().plan(ShardView.fixed(2, 3), random).probeCount()).isEqualTo(2);
        assertThat(ShardStrategies.polling().plan(ShardView.fixed(1, 1), random).probes()).containsExactly(0);
        assertThat(ShardStrategies.polling(5).plan(ShardView.fixed(8, 0), random).probeCount()).isEqualTo(5);
    }

    @Test
    void bitmapRoutingProbesOnlyStockedShardsStartingAtARandomOne() {
        long stocked = 0b1010_0100L;
        Set<Integer> firsts = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ShardPlan plan = ShardStrategies.bitmapRouting().plan(ShardView.fixed(8, stocked), random);
            assertThat(plan.probes()).containsExactlyInAnyOrder(2, 5, 7);
            firsts.add(plan.probe(0));
        }
        assertThat(firsts).containsExactlyInAnyOrder(2, 5, 7);
    }

    @Test
    void bitmapRoutingProbesEveryShardWhenTheViewKnowsNone() {
        ShardPlan plan = ShardStrategies.bitmapRouting().plan(ShardView.fixed(4, 0), random);
        assertThat(plan.probes()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void stealingTakesFromTheRichestShardFirstThenTheOthers() {
        ShardView view = ShardView.fixed(4, 0b1110, -1, 3, 9, 5);
        for (int i = 0; i < 100; i++) {
            ShardPlan plan = ShardStrategies.stealing().plan(view, random);
            assertThat(plan.probeCount()).isEqualTo(1);
            int target = plan.probe(0);
            assertThat(plan.donors()).hasSize(3).doesNotContain(target);
            int expectedFirst = target == 2 ? 3 : 2;
            assertThat(plan.donor(0)).isEqualTo(expectedFirst);
        }
    }

    @Test
    void stealingListsUnstockedShardsLast() {
        ShardView view = ShardView.fixed(4, 0b0100, 0, 0, 7, 0);
        ShardPlan plan;
        do {
            plan = ShardStrategies.stealing().plan(view, random);
        } while (plan.probe(0) != 0);
        assertThat(plan.donors()).containsExactly(2, 1, 3);
    }

    @Test
    void strategiesAreFoundByName() {
        assertThat(ShardStrategies.byName("polling")).isSameAs(ShardStrategies.polling());
        assertThat(ShardStrategies.byName("bitmap")).isSameAs(ShardStrategies.bitmapRouting());
        assertThat(ShardStrategies.byName("stealing")).isSameAs(ShardStrategies.stealing());
        assertThatThrownBy(() -> ShardStrategies.byName("round-robin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plansRejectRepeatedShardsAndSelfStealing() {
        assertThatThrownBy(() -> ShardPlan.probing(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardPlan.stealInto(2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardPlan.probing()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardPlan.probing(64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardPlan.probing(0, 5).checkFits(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsStockEvenly() {
        assertThat(Shards.split(10, 4)).containsExactly(3, 3, 2, 2);
        assertThat(Shards.split(0, 3)).containsExactly(0, 0, 0);
        assertThat(Shards.split(1_000, 16)).hasSize(16).satisfies(p -> assertThat(java.util.Arrays.stream(p).sum())
                .isEqualTo(1_000));
        assertThatThrownBy(() -> Shards.split(5, 65)).isInstanceOf(IllegalArgumentException.class);
    }
}
