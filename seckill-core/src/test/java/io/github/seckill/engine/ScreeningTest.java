package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.memory.InMemoryShardedStockStore;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.TakeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScreeningTest {

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private final AtomicLong now = new AtomicLong(START + 1_000);
    private final InMemoryShardedStockStore store = new InMemoryShardedStockStore();
    private final AtomicBoolean throttleOpen = new AtomicBoolean(true);
    private final List<String> events = new ArrayList<>();
    private final SeckillListener listener = new SeckillListener() {
        @Override
        public void rejected(long activityId, long userId, AttemptResult.Outcome outcome) {
            events.add("rejected " + outcome);
        }

        @Override
        public void soldOut(long activityId) {
            events.add("soldOut");
        }

        @Override
        public void reopened(long activityId) {
            events.add("reopened");
        }
    };
    private final Screening screening = new Screening(store, id -> throttleOpen.get(), listener,
            () -> Instant.ofEpochMilli(now.get()), 5_000, SharedRouting.none());

    private ActivityState launched(long id, long... shardStocks) {
        ActivityConfig config = ActivityConfig.builder(id).stock(java.util.Arrays.stream(shardStocks).sum())
                .shards(shardStocks.length).strategy(ShardStrategies.polling())
                .window(Instant.ofEpochMilli(START), Instant.ofEpochMilli(START + 3_600_000)).build();
        store.load(id, shardStocks);
        ActivityState a = new ActivityState(config, 0);
        screening.launched(a, store.remaining(id));
        return a;
    }

    @Test
    void theWindowAndTheThrottleAnswerWithoutTheBackend() {
        ActivityState a = launched(1, 5);
        now.set(START - 1);
        assertThat(screening.screen(a, 1, now.get())).isEqualTo(AttemptResult.Rejected.NOT_STARTED);
        now.set(START + 3_600_000);
        assertThat(screening.screen(a, 1, now.get())).isEqualTo(AttemptResult.Rejected.ENDED);
        now.set(START + 10);
        throttleOpen.set(false);
        assertThat(screening.screen(a, 1, now.get())).isEqualTo(AttemptResult.Rejected.THROTTLED);
        throttleOpen.set(true);
        assertThat(screening.screen(a, 1, now.get())).isNull();
        assertThat(events).containsExactly("rejected NOT_STARTED", "rejected ENDED", "rejected THROTTLED");
    }

    @Test
    void anActivityLaunchedWithoutStockIsSoldOutAtOnce() {
        ActivityState a = launched(1, 0, 0);
        assertThat(a.soldOut()).isTrue();
        assertThat(screening.screen(a, 1, now.get())).isEqualTo(AttemptResult.Rejected.SOLD_OUT);
    }

    @Test
    void aSellOutIsConfirmedWithTheBackendBeforeTheFlagGoesUp() {
        ActivityState a = launched(1, 1, 1);
        // The view learns shard 0 is empty, shard 1 still holds a unit: the flag stays down, one more round.
        ShardPlan retry = screening.afterDecision(a,
                AdmissionDecision.soldOut(TakeResult.none(0b11, 0)), true);
        assertThat(retry).as("the backend still holds stock: retry with a fresh plan").isNotNull();
        assertThat(a.soldOut()).isFalse();
        assertThat(screening.afterDecision(a, AdmissionDecision.soldOut(TakeResult.none(0b11, 0)), false))
                .as("no third round").isNull();
        store.take(new TakeRequest(1, 10, 10, 1, ShardPlan.probing(0, 1), now.get()));
        store.take(new TakeRequest(1, 11, 11, 1, ShardPlan.probing(0, 1), now.get()));
        assertThat(screening.afterDecision(a, AdmissionDecision.soldOut(TakeResult.none(0b11, 0)), true)).isNull();
        assertThat(a.soldOut()).isTrue();
        assertThat(events).containsExactly("soldOut");
    }

    @Test
    void aRestockLowersTheFlagAndAMissedOneIsFoundByTheRecheck() {
        ActivityState a = launched(1, 1);
        store.take(new TakeRequest(1, 10, 10, 1, ShardPlan.probing(0), now.get()));
        screening.afterDecision(a, AdmissionDecision.soldOut(TakeResult.none(1, 0)), true);
        assertThat(a.soldOut()).isTrue();
        screening.restocked(a);
        assertThat(a.soldOut()).isFalse();
        assertThat(events).containsExactly("soldOut", "reopened");

        screening.afterDecision(a, AdmissionDecision.soldOut(TakeResult.none(1, 0)), true);
        assertThat(a.soldOut()).isTrue();
        store.restore(1, 10, 0); // no notification reaches this screening
        assertThat(screening.screen(a, 2, now.get())).isEqualTo(AttemptResult.Rejected.SOLD_OUT);
        now.addAndGet(5_000);
        assertThat(screening.screen(a, 2, now.get())).as("the recheck reads the backend").isNull();
        assertThat(a.soldOut()).isFalse();
    }

    @Test
    void restockOfAnUnknownActivityIsIgnored() {
        screening.restocked(null);
        assertThat(events).isEmpty();
    }

    @Test
    void recheckIntervalIsHonoured() {
        ActivityState a = launched(1, 0);
        assertThat(a.claimRecheck(now.get() + Duration.ofSeconds(5).toMillis(), 5_000)).isTrue();
        assertThat(a.claimRecheck(now.get() + Duration.ofSeconds(6).toMillis(), 5_000)).isFalse();
    }
}
