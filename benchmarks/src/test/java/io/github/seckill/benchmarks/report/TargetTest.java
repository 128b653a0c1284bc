package io.github.seckill.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
    void aPairedTargetPassesOnlyWhenEveryRoundPasses() {
        TargetResult all = RATIO.evaluateRounds(List.of(figures(90, 100), figures(85, 100), figures(95, 100)));
        assertThat(all.status()).isEqualTo(TargetResult.Status.PASS);
        assertThat(all.pairs()).containsExactly(0.9, 0.85, 0.95);
        assertThat(all.value()).isEqualTo(0.9);
        assertThat(all.min()).isEqualTo(0.85);
        assertThat(all.max()).isEqualTo(0.95);

        TargetResult one = RATIO.evaluateRounds(List.of(figures(90, 100), figures(79, 100), figures(92, 100)));
        assertThat(one.status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(one.value()).as("the median").isEqualTo(0.9);
        assertThat(one.detail()).startsWith("1 of 3 rounds below");
    }

    @Test
    void pairRatiosSpreadOverATenthEitherWayAreUnstableNotAVerdict() {
        TargetResult r = RATIO.evaluateRounds(List.of(figures(100, 100), figures(75, 100), figures(90, 100)));
        assertThat(r.status()).isEqualTo(TargetResult.Status.UNSTABLE);
        assertThat(r.detail()).contains("spread 28%");
        assertThat(RATIO.evaluateRounds(List.of(figures(100, 100), figures(83, 100), figures(90, 100))).status())
                .as("17/90 is within 20%").isEqualTo(TargetResult.Status.PASS);
    }

    @Test
    void oneRoundIsItsOwnMedianAndRoundsThatMissedAFigureAreLeftOut() {
        TargetResult one = RATIO.evaluateRounds(List.of(figures(70, 100)));
        assertThat(one.status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(one.pairs()).containsExactly(0.7);
        TargetResult missing = RATIO.evaluateRounds(List.of(Map.of()));
        assertThat(missing.status()).isEqualTo(TargetResult.Status.NOT_MEASURED);
        assertThat(missing.detail()).startsWith("round 1: no figure a");
        TargetResult partly = RATIO.evaluateRounds(List.of(figures(90, 100), Map.of(), figures(88, 100)));
        assertThat(partly.status()).as("judged on the rounds that measured it").isEqualTo(TargetResult.Status.PASS);
        assertThat(partly.pairs()).containsExactly(0.9, 0.88);
        assertThat(partly.detail()).isEqualTo("every round measured; round 2 not measured (round 2: no figure a in"
                + " this run)");
    }

    @Test
    void aFamilyTargetIsItsLowestMembersRatio() {
        Target every = new Target("e", "e", "x.at" + Target.EVERY, "y.at" + Target.EVERY, 1.0, false, "why");
        Map<String, Figure> figures = new java.util.LinkedHashMap<>();
        for (Object[] row : new Object[][] {{"1", 120.0, 100.0}, {"4", 95.0, 100.0}, {"16", 300.0, 100.0}}) {
            figures.put("x.at" + row[0], new Figure("x.at" + row[0], "x", (double) row[1], "u", "s"));
            figures.put("y.at" + row[0], new Figure("y.at" + row[0], "y", (double) row[2], "u", "s"));
        }
        figures.put("x.at64", new Figure("x.at64", "x", 1, "u", "no reference: left out"));
        TargetResult r = every.evaluate(figures);
        assertThat(every.family()).isTrue();
        assertThat(r.status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(r.value()).isEqualTo(0.95);
        assertThat(r.detail()).contains("lowest at 4 (1: 1.20x, 4: 0.95x, 16: 3.00x)");
    }

    @Test
    void thresholdMustBePositive() {
        assertThatThrownBy(() -> new Target("t", "t", "a", "b", 0, false, "r"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
