package io.github.seckill.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTest {

    private static final Target RATIO = new Target("t", "t", "a", "b", 0.8, false, "why");
    private static final Target ABSOLUTE = new Target("abs", "abs", "a", null, 5_000_000, false, "why");

    private static Map<String, Figure> figures(double a, double b) {
        return Map.of("a", new Figure("a", "a", a, "u", "s"), "b", new Figure("b", "b", b, "u", "s"));
    }

    @Test
    void passesAtOrAboveTheThreshold() {
        TargetResult r = RATIO.evaluate(figures(80, 100));
        assertThat(r.status()).isEqualTo(TargetResult.Status.PASS);
        assertThat(r.value()).isEqualTo(0.8);
        assertThat(r.detail()).isEmpty();
    }

    @Test
    void missSaysByHowMuchAndWhatFactorWouldCloseIt() {
        TargetResult r = RATIO.evaluate(figures(40, 100));
        assertThat(r.status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(r.value()).isEqualTo(0.4);
        assertThat(r.detail()).isEqualTo("50% short: needs 2.00x more");
    }

    @Test
    void missingFiguresAreNotMeasuredNotMissed() {
        TargetResult r = RATIO.evaluate(Map.of("a", new Figure("a", "a", 1, "u", "s")));
        assertThat(r.status()).isEqualTo(TargetResult.Status.NOT_MEASURED);
        assertThat(r.value()).isNull();
        assertThat(r.detail()).contains("b");
        assertThat(RATIO.evaluate(Map.of()).detail()).contains("no figure a");
    }

    @Test
    void aZeroReferenceIsNotMeasured() {
        assertThat(RATIO.evaluate(figures(1, 0)).status()).isEqualTo(TargetResult.Status.NOT_MEASURED);
    }

    @Test
    void absoluteTargetsCompareTheFigureItself() {
        assertThat(ABSOLUTE.evaluate(figures(6_000_000, 0)).status()).isEqualTo(TargetResult.Status.PASS);
        TargetResult miss = ABSOLUTE.evaluate(figures(4_000_000, 0));
        assertThat(miss.status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(miss.value()).isEqualTo(4_000_000);
        assertThat(miss.detail()).startsWith("20% short");
        assertThat(ABSOLUTE.comparesFigures()).isFalse();
    }

    @Test
    void thresholdMustBePositive() {
        assertThatThrownBy(() -> new Target("t", "t", "a", "b", 0, false, "r"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
