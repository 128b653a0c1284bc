package io.github.seckill.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

    @Test
    void ratiosArePairByPairWithTheirMedianAndRange() {
        PairedRatio r = PairedRatio.of(List.of(80.0, 90.0, 70.0), List.of(100.0, 100.0, 100.0));
        assertThat(r.ratios()).containsExactly(0.8, 0.9, 0.7);
        assertThat(r.median()).isEqualTo(0.8);
        assertThat(r.min()).isEqualTo(0.7);
        assertThat(r.max()).isEqualTo(0.9);
        assertThat(r.spread()).isCloseTo(0.25, within(1e-9));
        assertThat(r.unstable()).isTrue();
        assertThat(r.describe()).isEqualTo("median 0.80x of 3 pairs (0.70x-0.90x, spread 25%), UNSTABLE: 0.80x, 0.90x,"
                + " 0.70x");
    }

    @Test
    void aNarrowRangeIsStableAndAnEvenCountTakesTheMiddleTwo() {
        PairedRatio r = PairedRatio.of(List.of(50.0, 60.0, 55.0, 52.0), List.of(100.0, 100.0, 100.0, 100.0));
        assertThat(r.median()).isCloseTo(0.535, within(1e-9));
        assertThat(r.unstable()).isFalse();
        assertThat(r.describe()).doesNotContain("UNSTABLE");
        assertThat(PairedRatio.of(List.of(10.0), List.of(0.0)).ratios()).containsExactly(0.0);
    }

    @Test
    void needsAsManyCeilingsAsBenchmarks() {
        assertThatThrownBy(() -> PairedRatio.of(List.of(1.0, 2.0), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedRatio.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
