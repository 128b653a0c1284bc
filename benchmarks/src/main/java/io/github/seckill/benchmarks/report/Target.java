package io.github.seckill.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A number seckill promises: a ratio of two figures of the same run, or one absolute figure, at or above a threshold.
 * A paired target is judged on the rounds ({@link #evaluateRounds}): its figures are measured one after the other in
 * every round, and the verdict rests on the ratio of each round. A target over a family of figures (ids ending in
 * {@value #EVERY}, e.g. one per in-flight count) is the smallest ratio of the family's members, judged on the sweep.
 *
 * @param id stable name
 * @param title what is promised, for people
 * @param numerator the measured figure's id
 * @param denominator the reference figure's id (a ceiling or a peer), or {@code null} for an absolute target
 * @param threshold the least acceptable ratio (or value, for an absolute target)
 * @param goal whether this is an aspiration rather than a requirement
 * @param remedy what usually explains a miss and what would close it
 */
public record Target(
        String id, String title, String numerator, @Nullable String denominator, double threshold, boolean goal,
        String remedy) {

    /** Ends the numerator and denominator ids of a target over a family of figures. */
    public static final String EVERY = "*";

    /** @throws IllegalArgumentException on a threshold that is not positive */
    public Target {
        Objects.requireNonNull(id, "id");
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be positive, was " + threshold);
        }
    }

    /**
     * Checks this target against the figures of one run.
     *
     * @param figures the run's figures by id
     * @return pass, miss (and by how much) or not measured (and which figure is missing)
     */
    public TargetResult evaluate(Map<String, Figure> figures) {
        if (family()) {
            return evaluateFamily(figures);
        }
        Figure top = figures.get(numerator);
        Figure bottom = denominator == null ? null : figures.get(denominator);
        if (top == null || (denominator != null && bottom == null)) {
            String missing = top == null ? numerator : denominator;
            return new TargetResult(this, TargetResult.Status.NOT_MEASURED, null,
                    "no figure " + missing + " in this run");
        }
        if (bottom != null && !(bottom.value() > 0)) {
            return new TargetResult(this, TargetResult.Status.NOT_MEASURED, null,
                    "reference figure " + denominator + " is " + bottom.value());
        }
        double value = bottom == null ? top.value() : top.value() / bottom.value();
        return verdict(value, "");
    }

    private TargetResult verdict(double value, String detail) {
        if (value >= threshold) {
            return new TargetResult(this, TargetResult.Status.PASS, value, detail);
        }
        return new TargetResult(this, TargetResult.Status.MISS, value, shortBy(value) + detail);
    }

    private String shortBy(double value) {
        return String.format(Locale.ROOT, "%.0f%% short: needs %.2fx more", (threshold - value) / threshold * 100,
                threshold / Math.max(value, Double.MIN_VALUE));
    }

    /** The smallest ratio of the family's members present on both sides. */
    private TargetResult evaluateFamily(Map<String, Figure> figures) {
        String top = numerator.substring(0, numerator.length() - EVERY.length());
        String bottom = Objects.requireNonNull(denominator).substring(0, denominator.length() - EVERY.length());
        Double worst = null;
        String worstMember = "";
        List<String> members = new ArrayList<>();
        for (Figure f : figures.values()) {
            if (!f.id().startsWith(top)) {
                continue;
            }
            String member = f.id().substring(top.length());
            Figure reference = figures.get(bottom + member);
            if (reference == null || !(reference.value() > 0)) {
                continue;
            }
            double ratio = f.value() / reference.value();
            members.add(member + ": " + String.format(Locale.ROOT, "%.2fx", ratio));
            if (worst == null || ratio < worst) {
                worst = ratio;
                worstMember = member;
            }
        }
        if (worst == null) {
            return new TargetResult(this, TargetResult.Status.NOT_MEASURED, null,
                    "no figures " + numerator + " with " + denominator + " in this run");
        }
        TargetResult r = verdict(worst, "");
        String detail = "lowest at " + worstMember + " (" + String.join(", ", members) + ")";
        return new TargetResult(this, r.status(), worst,
                r.status() == TargetResult.Status.PASS ? detail : r.detail() + "; " + detail);
    }

    /**
     * Checks a paired target against every round: a pair ratio per round, the verdict on their median and spread.
     *
     * @param rounds each round's figures by id, in round order
     * @return {@link TargetResult.Status#UNSTABLE} when the ratios spread over {@link TargetResult#MAX_SPREAD} of
     *     their median, else pass when every round passed, miss when any did not, or not measured
     */
    public TargetResult evaluateRounds(List<Map<String, Figure>> rounds) {
        List<Double> ratios = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String firstMissing = "no rounds in this run";
        for (int i = 0; i < rounds.size(); i++) {
            TargetResult one = evaluate(rounds.get(i));
            Double value = one.value();
            if (value == null) {
                if (missing.isEmpty()) {
                    firstMissing = "round " + (i + 1) + ": " + one.detail();
                }
                missing.add(Integer.toString(i + 1));
            } else {
                ratios.add(value);
            }
        }
        if (ratios.isEmpty()) {
            return new TargetResult(this, TargetResult.Status.NOT_MEASURED, null, firstMissing);
        }
        TargetResult judged = judgeRounds(ratios);
        if (missing.isEmpty()) {
            return judged;
        }
        // A round that failed to measure a figure leaves the others to judge, and says so.
        String note = (missing.size() == 1 ? "round " : "rounds ") + String.join(", ", missing) + " not measured ("
                + firstMissing + ")";
        return new TargetResult(this, judged.status(), judged.value(),
                judged.detail().isEmpty() ? note : judged.detail() + "; " + note, ratios);
    }

    private TargetResult judgeRounds(List<Double> ratios) {
        double median = median(ratios);
        double min = ratios.stream().min(Double::compare).orElseThrow();
        double max = ratios.stream().max(Double::compare).orElseThrow();
        double spread = median > 0 ? (max - min) / median : 0;
        if (ratios.size() > 1 && spread > TargetResult.MAX_SPREAD) {
            return new TargetResult(this, TargetResult.Status.UNSTABLE, median, String.format(Locale.ROOT,
                    "pair ratios spread %.0f%% of their median (over %.0f%%): the machine drifted too much to judge",
                    spread * 100, TargetResult.MAX_SPREAD * 100), ratios);
        }
        long below = ratios.stream().filter(r -> r < threshold).count();
        if (below == 0) {
            return new TargetResult(this, TargetResult.Status.PASS, median,
                    ratios.size() == 1 ? "" : "every round measured", ratios);
        }
        return new TargetResult(this, TargetResult.Status.MISS, median, below + " of " + ratios.size()
                + " rounds below; median " + shortBy(median), ratios);
    }

    /** @return the median of {@code values}, which is not empty */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return whether this target is over a family of figures, judged on the sweep rather than in rounds */
    public boolean family() {
        return numerator.endsWith(EVERY);
    }

    /** @return whether the target compares two figures */
    public boolean comparesFigures() {
        return denominator != null;
    }
}
