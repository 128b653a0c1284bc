package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.ShardBitmapChange;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.memory.InMemorySharedShardBitmap;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.Shards;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two engines (two instances of a sale) on one admission backend: with the shared bitmap, what one saw run dry the
 * other stops probing, and a restock on one is routed to by the other.
 */
class SharedRoutingTest {

    private static final Instant OPEN = Instant.parse("2026-06-01T10:00:00Z");
    private final AtomicLong now = new AtomicLong(OPEN.toEpochMilli() + 1_000);
    private final InMemorySeckill memory = InMemorySeckill.create();
    private final InMemorySharedShardBitmap bitmap = new InMemorySharedShardBitmap();

    private static ActivityConfig activity(long id) {
        return ActivityConfig.builder(id).stock(4).shards(4).strategy(ShardStrategies.bitmapRouting())
                .window(OPEN, OPEN.plusSeconds(3600)).build();
    }

    private FlashSale instance(AdmissionGate gate, boolean shared) {
        FlashSaleBuilder b = FlashSale.builder(gate, memory.orderQueue()).clock(() -> Instant.ofEpochMilli(now.get()));
        if (shared) {
            b.sharedShardBitmap(bitmap, Duration.ofMillis(50));
        }
        return b.build();
    }

    @Test
    void anInstanceStopsProbingShardsAnotherSawRunDry() {
        assertThat(wastedProbesOfTheSecondInstance(true)).as("b probed no shard a saw empty").isZero();
    }

    @Test
    void withoutTheSharedBitmapEachInstanceLearnsAlone() {
        // b believes every shard stocked, so it meets an empty one first three times in four
        assertThat(wastedProbesOfTheSecondInstance(false)).isPositive();
    }

    /**
     * Twenty sales of four shards of one unit: on each, instance a sells three units, then instance b sells the last.
     *
     * @return the empty shards b probed before it found the stocked one, over the twenty
     */
    private int wastedProbesOfTheSecondInstance(boolean shared) {
        RecordingGate seenByB = new RecordingGate(memory.admissionGate());
        int wasted = 0;
        try (FlashSale a = instance(memory.admissionGate(), shared); FlashSale b = instance(seenByB, shared)) {
            for (long id = 1; id <= 20; id++) {
                a.launch(activity(id));
                b.launch(activity(id));
                for (long user = 1; user <= 3; user++) {
                    assertThat(a.attempt(id, user, "r").isAdmitted()).isTrue();
                }
                long emptyNow = Shards.allMask(4) & ~stockedShards(id);
                assertThat(Long.bitCount(emptyNow)).isEqualTo(3);
                assertThat(bitmap.emptyShards(id).toCompletableFuture().join()).as("what a saw, shared")
                        .isEqualTo(shared ? emptyNow : 0);
                seenByB.takes.clear();
                assertThat(b.attempt(id, 99, "r").isAdmitted()).isTrue();
                AdmissionDecision d = seenByB.takes.get(0);
                wasted += Long.bitCount(d.take().emptyMask() & ~Shards.bit(d.shard()));
            }
        }
        return wasted;
    }

    @Test
    void stockAddedOnOneInstanceIsRoutedToByTheOther() {
        RecordingGate seenByB = new RecordingGate(memory.admissionGate());
        try (FlashSale a = instance(memory.admissionGate(), true); FlashSale b = instance(seenByB, true)) {
            a.launch(activity(3));
            b.launch(activity(3));
            for (long user = 1; user <= 4; user++) {
                assertThat(a.attempt(3, user, "r").isAdmitted()).isTrue();
            }
            assertThat(bitmap.emptyShards(3).toCompletableFuture().join()).isEqualTo(Shards.allMask(4));
            a.addStock(3, 2, 1, "restock-1");
            assertThat(bitmap.emptyShards(3).toCompletableFuture().join()).isEqualTo(Shards.allMask(4)
                    & ~Shards.bit(2));
            now.addAndGet(100);
            assertThat(b.attempt(3, 99, "r").isAdmitted()).isTrue();
            assertThat(seenByB.takes.get(seenByB.takes.size() - 1).shard()).isEqualTo(2);
            assertThat(seenByB.takes.get(seenByB.takes.size() - 1).take().emptyMask() & ~Shards.bit(2))
                    .as("b went straight to the restocked shard").isZero();
        }
    }

    @Test
    void aChangeNamingAShardBothWaysIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShardBitmapChange(1, 0b11, 0b10, 0))
                .isInstanceOf(io.github.seckill.InvalidRequestException.class).hasMessageContaining("restocked");
    }

    private long stockedShards(long activityId) {
        long[] remaining = memory.stockStore().remaining(activityId);
        long mask = 0;
        for (int i = 0; i < remaining.length; i++) {
            if (remaining[i] > 0) {
                mask |= Shards.bit(i);
            }
        }
        return mask;
    }

    /** Passes everything through, keeping every admitted decision. */
    private static final class RecordingGate implements AdmissionGate {
        final AdmissionGate delegate;
        final List<AdmissionDecision> takes = new CopyOnWriteArrayList<>();

        RecordingGate(AdmissionGate delegate) {
            this.delegate = delegate;
        }

        @Override
        public AdmissionDecision admit(AdmissionRequest request) {
            AdmissionDecision d = delegate.admit(request);
            if (d.outcome() == AdmissionDecision.Outcome.ADMITTED) {
                takes.add(d);
            }
            return d;
        }

        @Override
        public ShardedStockStore stock() {
            return delegate.stock();
        }

        @Override
        public DedupeGuard dedupe() {
            return delegate.dedupe();
        }

        @Override
        public void revoke(HeldUnits units) {
            delegate.revoke(units);
        }
    }
}
