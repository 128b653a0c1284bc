package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AdmissionThrottleTest {

    @Test
    void maxPerSecondCountsPerWallClockSecond() {
        AtomicLong now = new AtomicLong(1_000_000);
        AdmissionThrottle throttle = AdmissionThrottle.maxPerSecond(3, () -> Instant.ofEpochMilli(now.get()));
        assertThat(IntStream.range(0, 5).filter(i -> throttle.tryAcquire(1)).count()).isEqualTo(3);
        now.addAndGet(999);
        assertThat(throttle.tryAcquire(1)).isFalse();
        now.addAndGet(1);
        assertThat(throttle.tryAcquire(1)).isTrue();
    }

    @Test
    void passRatioLetsThroughRoughlyItsShare() {
        AdmissionThrottle throttle = AdmissionThrottle.passRatio(0.25);
        long passed = IntStream.range(0, 100_000).filter(i -> throttle.tryAcquire(1)).count();
        assertThat(passed).isBetween(23_000L, 27_000L);
        assertThat(AdmissionThrottle.passRatio(0).tryAcquire(1)).isFalse();
        assertThat(AdmissionThrottle.passRatio(1).tryAcquire(1)).isTrue();
    }
}
