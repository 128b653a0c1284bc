package io.github.seckill.benchmarks.run;

import io.github.seckill.benchmarks.report.JmhSettings;
import io.github.seckill.benchmarks.report.Measurement;
import io.github.seckill.benchmarks.report.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs planned JMH configurations in forks pointed at the run's servers, with {@code -prof gc}. */
final class JmhRunner {

    private static final String PACKAGE = "io.github.seckill.benchmarks.jmh.";

    private final JmhSettings settings;
    private final Map<String, String> forkProperties;
    private final Path log;
    private int logs;

    /**
     * @param settings iterations and forks
     * @param forkProperties system properties for every fork (the servers' addresses)
     * @param log where JMH's own output goes
     */
    JmhRunner(JmhSettings settings, Map<String, String> forkProperties, Path log) {
        this.settings = settings;
        this.forkProperties = forkProperties;
        this.log = log;
    }

    /**
     * @param run one planned benchmark
     * @return its results
     * @throws RunnerException if a configuration failed
     */
    List<Measurement> run(JmhPlan.Run run) throws RunnerException {
        return run(run, settings);
    }

    /**
     * @param run one planned benchmark
     * @param settings iterations and forks for this run
     * @return its results
     * @throws RunnerException if a configuration failed
     */
    List<Measurement> run(JmhPlan.Run run, JmhSettings settings) throws RunnerException {
        List<Measurement> measurements = new ArrayList<>();
        List<Integer> threadCounts = run.threads().isEmpty() ? List.of(0) : run.threads();
        String method = run.method();
        String include = "^" + java.util.regex.Pattern.quote(PACKAGE + run.benchmark()) + "\\."
                + (method == null ? "" : java.util.regex.Pattern.quote(method) + "$");
        for (int threads : threadCounts) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(include)
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
                    .measurementIterations(settings.measurementIterations())
                    .measurementTime(TimeValue.seconds(settings.measurementSeconds()))
                    .forks(settings.forks())
                    .addProfiler(GCProfiler.class)
                    .shouldFailOnError(true)
                    .output(nextLog(run).toString())
                    .jvmArgs(jvmArgs());
            if (threads > 0) {
                options.threads(threads);
            }
            run.params().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
            measurements.addAll(convert(new Runner(options.build()).run()));
        }
        return measurements;
    }

    /** JMH overwrites its output file: each invocation gets its own, numbered in run order. */
    private Path nextLog(JmhPlan.Run run) {
        String name = log.getFileName().toString().replaceFirst("\\.log$", "");
        return log.resolveSibling(String.format(java.util.Locale.ROOT, "%s-%03d-%s%s.log", name, ++logs,
                run.benchmark(), run.method() == null ? "" : "-" + run.method()));
    }

    private String[] jvmArgs() {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-Djava.awt.headless=true"));
        forkProperties.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return args.toArray(String[]::new);
    }

    /**
     * @param results JMH's results
     * @return them as the report's measurements: the primary result, the allocation per operation, and the
     *     benchmarks' own counters
     */
    static List<Measurement> convert(Collection<RunResult> results) {
        List<Measurement> measurements = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String full = p.getBenchmark();
            String method = full.substring(full.lastIndexOf('.') + 1);
            String type = full.substring(0, full.lastIndexOf('.'));
            String benchmark = type.substring(type.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : p.getParamsKeys()) {
                params.put(key, p.getParam(key));
            }
            Map<String, Metric> secondary = new LinkedHashMap<>();
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                String name = e.getKey().replace("\u00b7", "");
                if (name.startsWith("gc.") && !name.equals(Measurement.ALLOCATION)) {
                    continue;
                }
                secondary.put(name, metric(e.getValue()));
            }
            Metric primary = metric(r.getPrimaryResult());
            if (p.getMode() == Mode.SampleTime) {
                // Latency: the time itself, and its percentiles
                var statistics = r.getPrimaryResult().getStatistics();
                secondary.put("p50", new Metric(statistics.getPercentile(50), Double.NaN, primary.unit()));
                secondary.put("p99", new Metric(statistics.getPercentile(99), Double.NaN, primary.unit()));
            } else {
                primary = throughput(primary);
            }
            measurements.add(new Measurement(benchmark, method, params, p.getThreads(), primary, secondary));
        }
        return measurements;
    }

    /**
     * @param m a result
     * @return a time per operation (single-shot benchmarks) as operations per second, anything else unchanged
     */
    static Metric throughput(Metric m) {
        double seconds = switch (m.unit()) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> 0;
        };
        if (seconds == 0 || !(m.score() > 0)) {
            return m;
        }
        double rate = 1 / (m.score() * seconds);
        return new Metric(rate, rate * m.error() / m.score(), "ops/s");
    }

    private static Metric metric(Result<?> result) {
        return new Metric(result.getScore(), result.getScoreError(), result.getScoreUnit());
    }
}
