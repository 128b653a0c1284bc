package io.github.seckill.benchmarks.run;

import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.benchmarks.ceiling.AdmissionScript;
import io.github.seckill.benchmarks.ceiling.MariaDbSlapCeiling;
import io.github.seckill.benchmarks.ceiling.ProducerPerformanceCeiling;
import io.github.seckill.benchmarks.ceiling.ProducerProfile;
import io.github.seckill.benchmarks.ceiling.RedisBenchmarkCeiling;
import io.github.seckill.benchmarks.e2e.EndToEnd;
import io.github.seckill.benchmarks.e2e.ScaleOut;
import io.github.seckill.benchmarks.report.ChartSpec;
import io.github.seckill.benchmarks.report.Charts;
import io.github.seckill.benchmarks.report.DocsPage;
import io.github.seckill.benchmarks.report.Figure;
import io.github.seckill.benchmarks.report.Machine;
import io.github.seckill.benchmarks.report.Measurement;
import io.github.seckill.benchmarks.report.Report;
import io.github.seckill.benchmarks.report.ReportFiles;
import io.github.seckill.benchmarks.report.Round;
import io.github.seckill.benchmarks.report.Scorecard;
import io.github.seckill.benchmarks.report.TargetResult;
import io.github.seckill.testservers.RealServers;
import io.github.seckill.testservers.RedisClusterEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The whole benchmark run: servers up, ceilings, JMH, servers down, report. {@code benchmarks/run.sh} calls it.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.seckill.benchmarks.run.BenchmarkRun [--quick] --out DIR [--docs docs/benchmarks.md] \
 *     [--app seckill-example-app/target/seckill-app.jar] [--e2e-only]
 * java -cp benchmarks.jar io.github.seckill.benchmarks.run.BenchmarkRun --rejudge RESULTS_DIR [--docs docs/benchmarks.md]
 * </pre>
 *
 * {@code --e2e-only} runs the end-to-end sales alone (their ratios to JMH figures are then not measured).
 *
 * Exits with 1 when a ceiling or a benchmark failed (the report is still written and names it), 2 on bad arguments;
 * missed targets are reported, not failed.
 */
public final class BenchmarkRun {

    /** Buyers per call of the batched admission script's ceilings. */
    static final List<Integer> BATCH_BUYERS = List.of(32, 128);
    private static final String PRODUCER_TOPIC = "bench-producer-performance";

    private static final String USAGE = "usage: BenchmarkRun [--quick] --out DIR [--docs PAGE] [--app JAR] [--e2e-only]"
            + " | BenchmarkRun --rejudge RESULTS_DIR [--docs PAGE]";

    private final RunMode mode;
    private final Path out;
    private final Path appJar;
    private final boolean e2eOnly;
    private final List<String> failures = new ArrayList<>();
    private EndToEnd.@Nullable Outcome endToEnd;
    private ScaleOut.@Nullable Outcome scaleOut;

    private BenchmarkRun(RunMode mode, Path out, Path appJar, boolean e2eOnly) {
        this.mode = mode;
        this.out = out;
        this.appJar = appJar;
        this.e2eOnly = e2eOnly;
    }

    /**
     * @param args {@code [--quick] --out DIR [--docs PAGE]}
     * @throws Exception if the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        RunMode mode = RunMode.FULL;
        Path out = null;
        Path docs = null;
        Path appJar = Path.of("seckill-example-app", "target", "seckill-app.jar");
        boolean e2eOnly = false;
        Path rejudge = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = RunMode.QUICK;
                case "--out" -> out = Path.of(args[++i]);
                case "--docs" -> docs = Path.of(args[++i]);
                case "--app" -> appJar = Path.of(args[++i]);
                case "--e2e-only" -> e2eOnly = true;
                case "--rejudge" -> rejudge = Path.of(args[++i]);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        if (rejudge != null) {
            // Judges a finished run's figures again with this build's targets, and renders it again.
            Report old = ReportFiles.read(rejudge);
            Map<String, Figure> figures = Scorecard.figures(old.ceilings(), old.measurements());
            Report report = new Report(old.mode(), old.startedAt(), old.durationSeconds(), old.machine(),
                    old.servers(), old.mariaDbSettings(), old.jmh(), old.paired(), old.ceilings(), old.measurements(),
                    old.figures(), old.rounds(), Scorecard.evaluate(figures, old.rounds()), old.failures(),
                    old.charts());
            ReportFiles.write(report, rejudge);
            printTargets(report.targets());
            if (docs != null) {
                DocsPage.update(docs, report, rejudge);
                System.out.println("Updated " + docs);
            }
            return;
        }
        if (out == null) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.setProperty("java.awt.headless", "true");
        // Logging set up before the servers start from several threads at once.
        org.slf4j.LoggerFactory.getLogger(BenchmarkRun.class);
        BenchmarkRun run = new BenchmarkRun(mode, out, appJar, e2eOnly);
        Report report = run.execute();
        if (docs != null) {
            DocsPage.update(docs, report, out);
            System.out.println("Updated " + docs);
        }
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    private Report execute() throws Exception {
        Files.createDirectories(out);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Machine machine = Machine.current();
        long t0 = System.nanoTime();
        List<Measurement> measurements = new ArrayList<>();
        List<Round> rounds = new ArrayList<>();
        Map<String, String> versions;
        Map<String, String> mariaDbSettings;
        say("Starting Redis, MariaDB and Kafka");
        try (BenchmarkServers servers = BenchmarkServers.start()) {
            versions = servers.versions();
            mariaDbSettings = servers.mariaDbSettings();
            say("Servers: " + versions);
            if (!e2eOnly) {
                runJmh(servers, measurements);
                List<Measurement> configurations = Scorecard.pairedConfigurations(measurements);
                JmhRunner paired = new JmhRunner(mode.paired(), servers.forkProperties(),
                        out.resolve("jmh-rounds.log"));
                for (int r = 1; r <= mode.rounds(); r++) {
                    rounds.add(round(servers, paired, r, configurations));
                }
            }
            runEndToEnd(servers);
            runScaleOut(servers);
        }
        List<Figure> ceilings = medianCeilings(rounds);
        Map<String, Figure> figures = Scorecard.figures(ceilings, measurements);
        List<TargetResult> targets = new ArrayList<>(Scorecard.evaluate(figures, rounds));
        List<String> charts = new ArrayList<>(Charts.draw(ChartSpec.standard(), measurements, figures, out));
        EndToEnd.Outcome e2e = endToEnd;
        if (e2e != null) {
            e2e.figures().forEach(f -> figures.put(f.id(), f));
            targets.addAll(e2e.evaluate(figures));
            charts.addAll(e2e.charts());
        }
        ScaleOut.Outcome scaled = scaleOut;
        if (scaled != null) {
            scaled.figures().forEach(f -> figures.put(f.id(), f));
            ScaleOut.targets().forEach(t -> targets.add(t.evaluate(figures)));
        }
        List<Figure> derived = figures.values().stream().filter(f -> !ceilings.contains(f)).toList();
        Report report = new Report(mode.label(), started.toString(), (System.nanoTime() - t0) / 1e9,
                machine, versions, mariaDbSettings, mode.jmh(), mode.paired(), ceilings, measurements, derived,
                rounds, targets, failures, charts);
        ReportFiles.write(report, out);
        printTargets(targets);
        say("Report: " + out.resolve(ReportFiles.MARKDOWN) + ", " + out.resolve(ReportFiles.JSON) + ", charts "
                + charts);
        if (!failures.isEmpty()) {
            say("FAILED: " + failures);
        }
        return report;
    }

    /**
     * One paired round: every ceiling a target divides by, then every JMH configuration a target divides, on the
     * same servers, one after the other.
     */
    private Round round(BenchmarkServers servers, JmhRunner runner, int index, List<Measurement> configurations)
            throws Exception {
        say("Round " + index + " of " + mode.rounds() + ": ceilings");
        List<Figure> ceilings = new ArrayList<>();
        measureCeilings(servers, ceilings, index == 1);
        say("Round " + index + " of " + mode.rounds() + ": " + configurations.size() + " JMH configurations");
        List<Measurement> measurements = new ArrayList<>();
        for (JmhPlan.Run run : JmhPlan.paired(configurations)) {
            attempt("JMH " + run.benchmark() + " " + run.params() + " (round " + index + ")", () -> {
                for (Measurement m : runner.run(run, mode.paired())) {
                    measurements.add(m);
                    say(String.format(Locale.ROOT, "  %s.%s %s t=%d %,14.0f ± %,.0f %s", m.benchmark(), m.method(),
                            m.params(), m.threads(), m.primary().score(), m.primary().error(), m.primary().unit()));
                }
            });
        }
        return new Round(index, ceilings, measurements);
    }

    /** Each ceiling's median over the rounds that measured it, for the charts and the figures table. */
    private static List<Figure> medianCeilings(List<Round> rounds) {
        Map<String, List<Figure>> byId = new LinkedHashMap<>();
        rounds.forEach(r -> r.ceilings().forEach(f -> byId.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f)));
        List<Figure> medians = new ArrayList<>();
        for (List<Figure> measured : byId.values()) {
            List<Double> values = measured.stream().map(Figure::value).sorted().toList();
            int n = values.size();
            double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
            Figure first = measured.get(0);
            String source = n == 1 ? first.source()
                    : first.source() + " (median of " + n + " rounds; min " + Math.round(values.get(0)) + ", max "
                            + Math.round(values.get(n - 1)) + ")";
            medians.add(new Figure(first.id(), first.label(), median, first.unit(), source));
        }
        return medians;
    }

    private void measureCeilings(BenchmarkServers servers, List<Figure> ceilings, boolean everyFigure)
            throws Exception {
        int scale = mode.ceilingScale();
        long now = System.currentTimeMillis();
        attempt("redis-benchmark", () -> ceilings.addAll(
                new RedisBenchmarkCeiling(servers.redis().host(), servers.redis().port()).measure(
                        AdmissionScript.seckillOneBuyer(now),
                        BATCH_BUYERS.stream().map(n -> AdmissionScript.seckillBatch(n, now)).toList(),
                        mode.ceilingBuyers(), everyFigure)));
        Path scratch = Files.createTempDirectory(out, "slap");
        attempt("mariadb-slap", () -> ceilings.addAll(new MariaDbSlapCeiling(servers.mariaDb().endpoint(), scratch)
                .measure(everyFigure ? List.of(1, 16, 64) : List.of(), 2_000 * scale, 40 * scale)));
        deleteTree(scratch);
        attempt("ProducerPerformance", () -> {
            servers.createTopic(PRODUCER_TOPIC, Fixtures.KAFKA_PARTITIONS);
            ceilings.add(new ProducerPerformanceCeiling(servers.kafka().bootstrapServers())
                    .measure(PRODUCER_TOPIC, ProducerProfile.seckillOrderQueue(), 1_000_000 * scale));
        });
        ceilings.forEach(f -> say(String.format(Locale.ROOT, "  %-32s %,14.0f %s", f.id(), f.value(), f.unit())));
    }

    private void runJmh(BenchmarkServers servers, List<Measurement> measurements) {
        JmhRunner runner = new JmhRunner(mode.jmh(), servers.forkProperties(), out.resolve("jmh.log"));
        say("Sweep: every configuration once");
        for (JmhPlan.Run run : JmhPlan.of(mode)) {
            say("JMH " + run.benchmark() + ": " + run.configurations() + " configurations " + run.params()
                    + (run.threads().isEmpty() ? "" : " threads " + run.threads()));
            attempt("JMH " + run.benchmark(), () -> {
                List<Measurement> results = runner.run(run);
                measurements.addAll(results);
                for (Measurement m : results) {
                    say(String.format(Locale.ROOT, "  %s %s t=%d %,14.0f ± %,.0f %s%s", m.method(), m.params(),
                            m.threads(), m.primary().score(), m.primary().error(), m.primary().unit(),
                            m.metric("orders").map(o -> String.format(Locale.ROOT, " (%,.0f orders/s)", o.score()))
                                    .orElse("")));
                }
            });
        }
    }

    private void runEndToEnd(BenchmarkServers servers) {
        EndToEnd.Settings settings = mode.quick() ? EndToEnd.Settings.quick() : EndToEnd.Settings.full();
        attempt("end to end", () -> {
            EndToEnd.Outcome outcome = EndToEnd.run(settings, new EndToEnd.Servers(servers.redis().uri(),
                    servers.kafka().bootstrapServers(), servers.mariaDb().endpoint()), appJar, out,
                    BenchmarkRun::say);
            failures.addAll(outcome.failures());
            outcome.failures().forEach(f -> System.err.println(f));
            endToEnd = outcome;
        });
    }

    private void runScaleOut(BenchmarkServers servers) {
        ScaleOut.Settings settings = mode.quick() ? ScaleOut.Settings.quick() : ScaleOut.Settings.full();
        attempt("scale-out", () -> {
            RedisClusterEndpoint cluster = RealServers.redisCluster();
            ScaleOut.Outcome outcome = ScaleOut.run(settings, cluster.uris(), servers.kafka().bootstrapServers(),
                    servers.mariaDb().endpoint(), appJar, out, BenchmarkRun::say);
            failures.addAll(outcome.failures());
            outcome.failures().forEach(f -> System.err.println(f));
            scaleOut = outcome;
        });
    }

    /** A step that may fail without stopping the run: its failure is reported. */
    private interface Step {
        void run() throws Exception;
    }

    private void attempt(String name, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            String message = name + " failed: " + rootMessage(e);
            failures.add(message);
            System.err.println(message);
            e.printStackTrace();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    private static void printTargets(List<TargetResult> targets) {
        say("Targets:");
        for (TargetResult r : targets) {
            @Nullable Double value = r.value();
            say(String.format(Locale.ROOT, "  %-13s %-10s %s %s", r.status(),
                    value == null ? "-" : String.format(Locale.ROOT, r.target().comparesFigures() ? "%.2fx"
                            : value < 100 ? "%.2f" : "%,.0f", value),
                    r.target().title(), r.detail()));
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover query file in the results directory does no harm
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
