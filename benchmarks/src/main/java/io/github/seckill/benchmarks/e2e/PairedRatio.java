package io.github.seckill.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A benchmark held against its ceiling pair by pair (ceiling, benchmark, ceiling, benchmark, ...), so that what else
 * the machine did weighs on both sides of each ratio alike: the ratio of each pair, their median and range.
 *
 * @param ratios benchmark over ceiling, pair by pair
 * @param median their median
 * @param min the smallest
 * @param max the largest
 */
public record PairedRatio(List<Double> ratios, double median, double min, double max) {

    /** A range wider than this share of the median makes the figure {@code UNSTABLE}. */
    public static final double UNSTABLE_SPREAD = 0.20;

    /** Copies the ratios. */
    public PairedRatio {
        ratios = List.copyOf(ratios);
    }

    /**
     * @param benchmark the benchmark's figure, pair by pair
     * @param ceiling the ceiling's figure, pair by pair
     * @return their ratios
     * @throws IllegalArgumentException unless both have the same number of pairs, at least one
     */
    public static PairedRatio of(List<Double> benchmark, List<Double> ceiling) {
        if (benchmark.isEmpty() || benchmark.size() != ceiling.size()) {
            throw new IllegalArgumentException("needs as many ceilings as benchmarks, at least one");
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < benchmark.size(); i++) {
            double c = ceiling.get(i);
            ratios.add(c > 0 ? benchmark.get(i) / c : 0);
        }
        return new PairedRatio(ratios, median(ratios), Collections.min(ratios), Collections.max(ratios));
    }

    /**
     * @param values some values, at least one
     * @return their median (the mean of the middle two for an even count)
     */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return the range as a share of the median */
    public double spread() {
        return median > 0 ? (max - min) / median : Double.POSITIVE_INFINITY;
    }

    /** @return whether the range is too wide for the median to mean much */
    public boolean unstable() {
        return spread() > UNSTABLE_SPREAD;
    }

    /** @return e.g. {@code median 0.82x of 3 pairs (0.78x-0.88x, spread 12%): 0.82x, 0.78x, 0.88x} */
    public String describe() {
        return String.format(Locale.ROOT, "median %.2fx of %d pairs (%.2fx-%.2fx, spread %.0f%%)%s: %s", median,
                ratios.size(), min, max, spread() * 100, unstable() ? ", UNSTABLE" : "",
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.2fx", r)).collect(Collectors.joining(", ")));
    }
}
