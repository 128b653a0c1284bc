package io.github.seckill.benchmarks.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a {@link Figure} is derived from JMH results: the best score of one metric over the measurements of one
 * benchmark whose parameters match, e.g. the most orders per second merged settlement reached at any connection
 * count. The configuration that gave it is kept as the figure's source.
 *
 * @param id the figure's id
 * @param label what it is
 * @param benchmark the benchmark class' simple name
 * @param match parameter values a measurement must have (any of the values, for each parameter)
 * @param metric {@link Measurement#PRIMARY} or a secondary result's name
 * @param unit the figure's unit
 */
public record BestOf(
        String id, String label, String benchmark, Map<String, Set<String>> match, String metric, String unit) {

    /** Copies the match, sorted. */
    public BestOf {
        match = new TreeMap<>(match);
    }

    /**
     * @param measurements results of a run
     * @return the figure, empty when none of the measurements matches
     */
    public Optional<Figure> derive(Collection<Measurement> measurements) {
        return best(measurements).map(best -> {
            Metric m = best.metric(metric).orElseThrow();
            return new Figure(id, label, m.score(), unit, describe(best), m.error());
        });
    }

    /**
     * @param measurements results of a run
     * @return the measurement that gives the figure, empty when none matches
     */
    public Optional<Measurement> best(Collection<Measurement> measurements) {
        return measurements.stream()
                .filter(this::matches)
                .filter(m -> m.metric(metric).isPresent())
                .max(Comparator.comparingDouble(m -> m.metric(metric).orElseThrow().score()));
    }

    private boolean matches(Measurement m) {
        if (!m.benchmark().equals(benchmark)) {
            return false;
        }
        return match.entrySet().stream()
                .allMatch(e -> m.param(e.getKey()).map(e.getValue()::contains).orElse(false));
    }

    private static String describe(Measurement m) {
        String params = m.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return "JMH " + m.benchmark() + "." + m.method() + " (" + params + (params.isEmpty() ? "" : ", ")
                + "threads=" + m.threads() + ")";
    }
}
