package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seckill.benchmarks.report.Figure;
import io.github.seckill.benchmarks.report.Scorecard;
import io.github.seckill.benchmarks.report.Target;
import io.github.seckill.benchmarks.report.TargetResult;
import io.github.seckill.testservers.MariaDbEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The end-to-end part of a benchmark run: the SDK-level sale in a child JVM of 512 MiB, then the same sale over HTTP
 * through {@code seckill-app serve} with wrk (ceiling and sale alternating, pair by pair) and through
 * {@code seckill-app simulate}; the figures, the targets that relate them to the run's other figures, and two charts
 * of the sales' first seconds.
 */
public final class EndToEnd {

    /** The SDK-level sale: attempts per second answered before the last unit was admitted. */
    public static final String SDK_ADMITTING = "e2e.sdk.attempts-before-sold-out";
    /** The SDK-level sale: attempts per second answered after. */
    public static final String SDK_SOLD_OUT = "e2e.sdk.attempts-after-sold-out";
    /** The SDK-level sale: orders per second the settler put into the ledger. */
    public static final String SDK_SETTLE = "e2e.sdk.settle-rate";
    /** The SDK-level sale's JVM: its heap limit. */
    public static final String SDK_HEAP_LIMIT = "e2e.sdk.heap-limit";
    /** The SDK-level sale's JVM: the most heap it used. */
    public static final String SDK_HEAP_PEAK = "e2e.sdk.heap-peak";
    /** The SDK-level sale's audit: 1 when clean. */
    public static final String SDK_AUDIT = "e2e.sdk.audit-clean";
    /** Over HTTP: sold-out rejections per second, from the first to the last. */
    public static final String HTTP_SOLD_OUT = "e2e.http.sold-out";
    /** Over HTTP: the same server's {@code GET /health} with the same requests' headers, requests per second. */
    public static final String HTTP_CEILING = "e2e.http.ceiling";
    /** Over HTTP: attempts per second answered before the last unit was admitted, median of the rounds. */
    public static final String HTTP_ADMITTING = "e2e.http.attempts-before-sold-out";
    /** Over HTTP: 1 when every round's audit and simulate's were clean. */
    public static final String HTTP_AUDIT = "e2e.http.audit-clean";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final double MIB = 1024.0 * 1024.0;
    private static final Duration SDK_TIMEOUT = Duration.ofMinutes(20);

    /**
     * How big the sales are.
     *
     * @param sdk the SDK-level sale
     * @param sdkHeap the SDK-level sale's {@code -Xmx}, e.g. {@code 512m}
     * @param http the sales over HTTP
     */
    public record Settings(SdkSale.Settings sdk, String sdkHeap, HttpSaleBenchmark.Settings http) {

        /** @return the sale: a million buyers (and 10% repeat clicks) for 10,000 items */
        public static Settings full() {
            return new Settings(new SdkSale.Settings(1_000_000, 0.1, 10_000, 4, 256, 2, 0.05), "512m",
                    new HttpSaleBenchmark.Settings(1_000_000, 10, 10_000, 4, 3, Duration.ofSeconds(10), 2, 256,
                            100_000, 1_000_000, 10_000, "1g"));
        }

        /** @return a tenth of it and less, for CI */
        public static Settings quick() {
            return new Settings(new SdkSale.Settings(100_000, 0.1, 1_000, 4, 256, 2, 0.05), "512m",
                    new HttpSaleBenchmark.Settings(50_000, 10, 1_000, 4, 3, Duration.ofSeconds(3), 2, 256, 20_000,
                            5_000, 500, "1g"));
        }
    }

    /**
     * The run's servers.
     *
     * @param redisUri Redis
     * @param kafkaBootstrap Kafka
     * @param mariaDb MariaDB, where each sale gets a database of its own
     */
    public record Servers(String redisUri, String kafkaBootstrap, MariaDbEndpoint mariaDb) {

        /** @return the system properties that point the harness of a child JVM at these servers */
        Map<String, String> systemProperties() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("seckill.redis.uri", redisUri);
            p.put("seckill.jdbc.url", mariaDb.jdbcUrl());
            p.put("seckill.jdbc.user", mariaDb.user());
            p.put("seckill.jdbc.password", mariaDb.password());
            p.put("seckill.kafka.bootstrap", kafkaBootstrap);
            return p;
        }
    }

    /**
     * What the end-to-end part measured.
     *
     * @param figures its figures
     * @param charts the chart files it drew
     * @param failures what could not be measured, and why
     * @param httpRounds each round's {@link #SDK_ADMITTING}, {@link #HTTP_ADMITTING}, {@link #HTTP_CEILING} and
     *     {@link #HTTP_SOLD_OUT}, in order; empty if none ran
     */
    public record Outcome(List<Figure> figures, List<String> charts, List<String> failures,
            List<Map<String, Figure>> httpRounds) {

        /** Copies the lists. */
        public Outcome {
            figures = List.copyOf(figures);
            charts = List.copyOf(charts);
            failures = List.copyOf(failures);
            httpRounds = List.copyOf(httpRounds);
        }

        /**
         * Checks the end-to-end targets: the two over HTTP pair by pair over the rounds (the SDK-level sale, the
         * ceiling, then the sale over HTTP held against both), the others on their figures.
         *
         * @param all every figure of the run, by id
         * @return the verdicts
         */
        public List<TargetResult> evaluate(Map<String, Figure> all) {
            List<TargetResult> results = new ArrayList<>();
            for (Target t : targets()) {
                boolean paired = (HTTP_SOLD_OUT.equals(t.numerator()) && HTTP_CEILING.equals(t.denominator()))
                        || (HTTP_ADMITTING.equals(t.numerator()) && SDK_ADMITTING.equals(t.denominator()));
                results.add(paired && !httpRounds.isEmpty() ? t.evaluateRounds(httpRounds) : t.evaluate(all));
            }
            return results;
        }
    }

    private EndToEnd() {
    }

    /** @return the end-to-end targets */
    public static List<Target> targets() {
        return List.of(
                new Target("e2e-sdk-audit", "End-to-end sale at the SDK level: the auditor finds it clean (1 = clean)",
                        SDK_AUDIT, null, 1, false,
                        "An unclean audit is a defect: the report's violations name the invariant."),
                new Target("e2e-sdk-heap", "End-to-end sale at the SDK level within a 512 MiB heap (limit over peak)",
                        SDK_HEAP_LIMIT, SDK_HEAP_PEAK, 1.0, false,
                        "Per-attempt garbage or state kept per buyer (histograms, maps) grows the heap with the sale."),
                new Target("e2e-sdk-admission-vs-jmh",
                        "End-to-end admission (Kafka publish included) at half the JMH admission figure",
                        SDK_ADMITTING, Scorecard.ADMISSION, 0.5, true,
                        "The JMH figure discards the order; end to end each admission waits for Kafka's"
                                + " acknowledgement (20 ms linger) with the same attempts in flight, while the settler"
                                + " and the servers share the cores."),
                new Target("e2e-sdk-settle-vs-jmh",
                        "End-to-end settlement rate at half the merged-settlement JMH figure",
                        SDK_SETTLE, Scorecard.LEDGER_SETTLE, 0.5, true,
                        "End to end the settler gets its batches from Kafka as the admissions arrive, two"
                                + " consumers, while admission runs on the same cores."),
                new Target("e2e-http-sold-out-vs-ceiling",
                        "Sold-out rejections over HTTP at 0.7x the same server's trivial endpoint with wrk, pair by pair",
                        HTTP_SOLD_OUT, HTTP_CEILING, 0.7, false,
                        "The sold-out answer is the token check, the route and the engine's flag: anything"
                                + " allocating or locking per request there shows against /health."),
                new Target("e2e-http-admitted-vs-sdk",
                        "Admitting attempts over HTTP at 0.5x the SDK-level sale's (the same attempts in flight),"
                                + " pair by pair",
                        HTTP_ADMITTING, SDK_ADMITTING, 0.5, false,
                        "Over HTTP an admission adds the request's parsing, token check and answer to the same"
                                + " waits for Redis and Kafka, on the cores wrk uses too, and the app runs its"
                                + " reconciler and sweeps beside the sale (the SDK-level sale runs neither)."),
                new Target("e2e-http-audit",
                        "Every sale over HTTP (wrk rounds and simulate) audits clean (1 = clean)",
                        HTTP_AUDIT, null, 1, false,
                        "An unclean audit is a defect: the round's audit in the log names the invariant."));
    }

    /**
     * Runs both sales.
     *
     * @param settings their sizes
     * @param servers the run's servers
     * @param appJar {@code seckill-app.jar}
     * @param out the results directory
     * @param say progress lines
     * @return the figures, charts and failures
     */
    public static Outcome run(Settings settings, Servers servers, Path appJar, Path out, Consumer<String> say) {
        List<Figure> figures = new ArrayList<>();
        List<String> charts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        say.accept(String.format(Locale.ROOT, "End to end, SDK level: %,d buyers (+%,d repeat clicks) for %,d units,"
                        + " -Xmx%s", settings.sdk().buyers(), settings.sdk().repeats(), settings.sdk().stock(),
                settings.sdkHeap()));
        try {
            SdkSaleResult sdk = runSdkSale(settings, servers, out, "e2e-sdk");
            figures.addAll(sdkFigures(sdk, settings.sdkHeap()));
            say.accept(String.format(Locale.ROOT, "  sold %,d in %.0f ms: %,.0f attempts/s before, %,.0f after;"
                            + " settled at %,.0f orders/s; heap peak %.0f MiB; audit %s", sdk.admitted(),
                    sdk.timeToSellOutMillis(), sdk.attemptsPerSecondBeforeSoldOut(),
                    sdk.attemptsPerSecondAfterSoldOut(), sdk.settledPerSecond(), sdk.heapPeakBytes() / MIB,
                    sdk.auditClean() ? "clean" : "NOT CLEAN " + sdk.auditViolations()));
            Map<String, long[]> series = new LinkedHashMap<>();
            series.put("admitted", sdk.timeline().getOrDefault("ADMITTED", new long[0]));
            series.put("duplicate", sdk.timeline().getOrDefault("DUPLICATE", new long[0]));
            series.put("sold out", sdk.timeline().getOrDefault("SOLD_OUT", new long[0]));
            series.put("failed", sdk.timeline().getOrDefault("FAILED", new long[0]));
            SaleCharts.draw(out.resolve("e2e-sdk-sale.png"), String.format(Locale.ROOT,
                    "SDK level: %,d buyers for %,d units, answers/s per 100 ms", sdk.settings().buyers(),
                    sdk.settings().stock()), sdk.bucketMillis(), series, firstSeconds(sdk.allAnsweredMillis()));
            charts.add("e2e-sdk-sale.png");
            if (!sdk.auditClean()) {
                failures.add("end-to-end SDK sale: audit not clean " + sdk.auditViolations());
            }
        } catch (Exception e) {
            failures.add("end-to-end SDK sale failed: " + e);
        }

        HttpSaleBenchmark.Settings http = settings.http();
        say.accept(String.format(Locale.ROOT, "End to end over HTTP: seckill-app serve, %d rounds of the ceiling and"
                        + " %,d buyers for %,d units with wrk (%d threads, %d connections)", http.rounds(),
                http.buyers(), http.stock(), http.threads(), http.connections()));
        List<Map<String, Figure>> httpRounds = new ArrayList<>();
        if (!Files.isRegularFile(appJar)) {
            failures.add("end-to-end HTTP sale not measured: no " + appJar + " (build seckill-example-app)");
            return new Outcome(figures, charts, failures, httpRounds);
        }
        try {
            Path dir = Files.createDirectories(out.resolve("e2e-http"));
            MariaDbEndpoint db = servers.mariaDb().createFreshDatabase("app");
            AppProcess.Servers appServers = new AppProcess.Servers(servers.redisUri(), servers.kafkaBootstrap(),
                    db.jdbcUrl(), db.user(), db.password());
            HttpSaleBenchmark.Result r = HttpSaleBenchmark.run(http, appJar, appServers, dir, round -> {
                SdkSaleResult again = runSdkSale(settings, servers, out, "e2e-sdk-round-" + round);
                if (!again.auditClean()) {
                    failures.add("end-to-end SDK sale of round " + round + ": audit not clean "
                            + again.auditViolations());
                }
                return again.attemptsPerSecondBeforeSoldOut();
            }, say);
            httpRounds.addAll(httpRounds(r, http));
            figures.addAll(httpFigures(r, http));
            HttpRound first = r.pairs().get(0).sale();
            Map<String, long[]> series = new LinkedHashMap<>();
            series.put("202 admitted", first.timeline().getOrDefault(202, new long[0]));
            series.put("409 duplicate", first.timeline().getOrDefault(409, new long[0]));
            series.put("410 sold out", first.timeline().getOrDefault(410, new long[0]));
            SaleCharts.draw(out.resolve("e2e-http-sale.png"), String.format(Locale.ROOT,
                    "Over HTTP (wrk, seckill-app serve): %,d buyers for %,d units, answers/s per 100 ms",
                    http.buyers(), http.stock()), first.bucketMillis(), series, firstSeconds(first.seconds() * 1e3));
            charts.add("e2e-http-sale.png");
            for (HttpSaleBenchmark.Pair p : r.pairs()) {
                if (!p.clean()) {
                    failures.add("end-to-end HTTP sale " + p.activityId() + ": audit not clean "
                            + p.audit().path("report").path("violations"));
                }
            }
            AppProcess.SimulateRun sim = r.simulate();
            if (sim != null && sim.exit() != 0) {
                failures.add("seckill-app simulate exited with " + sim.exit() + " (see e2e-http/simulate.log)");
            }
        } catch (Exception e) {
            failures.add("end-to-end HTTP sale failed: " + e);
        }
        return new Outcome(figures, charts, failures, httpRounds);
    }

    /** @return the first seconds worth drawing: the whole of a short sale, the first 20 s of a long one */
    private static double firstSeconds(double millis) {
        return Math.min(20, Math.max(1, millis / 1e3));
    }

    private static SdkSaleResult runSdkSale(Settings settings, Servers servers, Path out, String name)
            throws IOException, InterruptedException {
        Path result = out.resolve(name + ".json");
        Path log = out.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(AppProcess.java(), "-Xmx" + settings.sdkHeap()));
        servers.systemProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SdkSale.class.getName()));
        command.addAll(settings.sdk().arguments());
        command.addAll(List.of("--out", result.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(SDK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("the SDK-level sale did not end within " + SDK_TIMEOUT + " (see " + log + ")");
        }
        if (p.exitValue() != 0 || !Files.exists(result)) {
            throw new IOException("the SDK-level sale exited with " + p.exitValue() + ": "
                    + tail(Files.readString(log)));
        }
        return JSON.readValue(result.toFile(), SdkSaleResult.class);
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 2_000 ? t : "..." + t.substring(t.length() - 2_000);
    }

    static List<Figure> sdkFigures(SdkSaleResult r, String heap) {
        String sale = String.format(Locale.ROOT, "SdkSale: %,d buyers + %,d repeat clicks for %,d units, %d shards,"
                        + " %d in flight, settler with %d consumers, -Xmx%s", r.settings().buyers(),
                r.settings().repeats(), r.settings().stock(), r.settings().shards(), r.settings().inFlight(),
                r.settings().settleConsumers(), heap);
        long redisSent = r.redisSent().values().stream().mapToLong(Long::longValue).sum();
        List<Figure> f = new ArrayList<>();
        f.add(new Figure(SDK_ADMITTING, "end to end, SDK level: attempts answered before the last unit was admitted",
                r.attemptsPerSecondBeforeSoldOut(), "attempts/s", sale + "; " + r.attemptsBeforeSoldOut()
                + " attempts in " + Math.round(r.timeToSellOutMillis()) + " ms"));
        f.add(new Figure(SDK_SOLD_OUT, "end to end, SDK level: attempts answered after it", r.attemptsPerSecondAfterSoldOut(),
                "attempts/s", sale + "; one submitting thread"));
        f.add(new Figure("e2e.sdk.time-to-sell-out", "end to end, SDK level: first attempt to the last admission",
                r.timeToSellOutMillis(), "ms", sale));
        f.add(new Figure("e2e.sdk.time-to-settle", "end to end, SDK level: first attempt to the last order in the ledger",
                r.allSettledMillis(), "ms", sale));
        f.add(new Figure(SDK_SETTLE, "end to end, SDK level: orders settled per second while draining",
                r.settledPerSecond(), "orders/s", r.settledOrders() + " orders from the first settlement's start to the"
                + " last one's end (" + Math.round(r.settleWindowMillis()) + " ms)"));
        f.add(new Figure("e2e.sdk.latency.p50", "end to end, SDK level: attempt latency p50", r.latency().p50(), "ms",
                "HdrHistogram, call to answer, " + r.latency().count() + " attempts"));
        f.add(new Figure("e2e.sdk.latency.p99", "end to end, SDK level: attempt latency p99", r.latency().p99(), "ms",
                "HdrHistogram"));
        f.add(new Figure("e2e.sdk.latency.p999", "end to end, SDK level: attempt latency p99.9", r.latency().p999(),
                "ms", "HdrHistogram"));
        f.add(new Figure("e2e.sdk.admitted-latency.p99", "end to end, SDK level: admitted attempts' latency p99",
                r.admittedLatency().p99(), "ms", "HdrHistogram, durable in Kafka before the answer; p50 "
                + String.format(Locale.ROOT, "%.1f ms", r.admittedLatency().p50())));
        f.add(new Figure("e2e.sdk.redis-round-trips", "end to end, SDK level: Redis commands sent per attempt",
                redisSent / (double) r.attempts(), "commands/attempt", "Lettuce CommandListener: " + r.redisSent()));
        f.add(new Figure("e2e.sdk.redis-round-trips-admitting",
                "end to end, SDK level: Redis commands sent per attempt before sold out",
                r.attemptsBeforeSoldOut() > 0 ? redisSent / (double) r.attemptsBeforeSoldOut() : 0,
                "commands/attempt", "every command counted over the attempts answered before the last admission"));
        f.add(new Figure("e2e.sdk.redis-commands-executed", "end to end, SDK level: commands Redis executed per attempt",
                r.redisCommandsPerAttempt(), "commands/attempt", "INFO commandstats delta, in-script calls included: "
                + r.redisCalls()));
        f.add(new Figure(SDK_HEAP_PEAK, "end to end, SDK level: the admitting JVM's peak heap",
                r.heapPeakBytes() / MIB, "MiB", "used heap sampled every 5 ms (sum of the pools' peaks: "
                + Math.round(r.heapPoolPeakSumBytes() / MIB) + " MiB)"));
        f.add(new Figure(SDK_HEAP_LIMIT, "end to end, SDK level: the admitting JVM's heap limit",
                r.heapMaxBytes() / MIB, "MiB", "-Xmx" + heap));
        f.add(new Figure(SDK_AUDIT, "end to end, SDK level: audit clean", r.auditClean() ? 1 : 0, "1 = clean",
                "Auditor.of(ledger, gate): orders " + r.ordersByStatus() + ", oversold " + r.oversold()
                + (r.auditClean() ? "" : ", violations " + r.auditViolations())));
        return f;
    }

    /** @return each round's ceiling and sold-out figures, for the paired target */
    static List<Map<String, Figure>> httpRounds(HttpSaleBenchmark.Result r, HttpSaleBenchmark.Settings s) {
        List<Map<String, Figure>> rounds = new ArrayList<>();
        for (int i = 0; i < r.pairs().size(); i++) {
            HttpSaleBenchmark.Pair p = r.pairs().get(i);
            Map<String, Figure> round = new LinkedHashMap<>();
            String which = "round " + (i + 1);
            round.put(HTTP_CEILING, ceiling(p.ceiling().answersPerSecond(), s, which));
            round.put(HTTP_SOLD_OUT, soldOut(p.sale().soldOutPerSecond(), s, which));
            round.put(SDK_ADMITTING, new Figure(SDK_ADMITTING, "end to end, SDK level: attempts answered before the"
                    + " last unit was admitted", p.sdkAdmitting(), "attempts/s", "SdkSale, " + which));
            round.put(HTTP_ADMITTING, new Figure(HTTP_ADMITTING, "over HTTP: attempts answered before the last unit"
                    + " was admitted", p.sale().admittingPerSecond(), "attempts/s", "wrk, " + which));
            rounds.add(round);
        }
        return rounds;
    }

    private static Figure ceiling(double value, HttpSaleBenchmark.Settings s, String which) {
        return new Figure(HTTP_CEILING, "over HTTP: the same server's GET /health with the sale's headers", value,
                "requests/s", "wrk -t " + s.threads() + " -c " + s.connections() + " -d " + s.ceiling().toSeconds()
                + "s with sale.lua's ceiling mode, right before each sale round; " + which);
    }

    private static Figure soldOut(double value, HttpSaleBenchmark.Settings s, String which) {
        return new Figure(HTTP_SOLD_OUT, "over HTTP: sold-out rejections", value, "rejections/s", String.format(
                Locale.ROOT, "wrk -t %d -c %d, sale.lua: %,d buyers for %,d units; 410 answers from the first to the"
                        + " last; %s", s.threads(), s.connections(), s.buyers(), s.stock(), which));
    }

    static List<Figure> httpFigures(HttpSaleBenchmark.Result r, HttpSaleBenchmark.Settings s) {
        String sale = String.format(Locale.ROOT, "wrk -t %d -c %d, sale.lua: %,d buyers (a repeat click after every"
                        + " %d-th) for %,d units, %d rounds; seckill-app serve -Xmx%s", s.threads(), s.connections(),
                s.buyers(), s.repeatEvery(), s.stock(), s.rounds(), s.appHeap());
        List<Figure> f = new ArrayList<>();
        f.add(ceiling(r.medianOf(p -> p.ceiling().answersPerSecond()), s, "median of the rounds"));
        f.add(soldOut(r.medianOf(p -> p.sale().soldOutPerSecond()), s, "median of the rounds"));
        f.add(new Figure(HTTP_ADMITTING, "over HTTP: attempts answered before the last unit was admitted, median",
                r.medianOf(p -> p.sale().admittingPerSecond()), "attempts/s", sale));
        f.add(new Figure("e2e.http.latency.p50", "over HTTP: latency p50 (wrk), median of the sale rounds",
                r.medianOf(p -> p.sale().worstLatency().p50()), "ms", "wrk's own latency distribution"));
        f.add(new Figure("e2e.http.latency.p99", "over HTTP: latency p99 (wrk), median of the sale rounds",
                r.medianOf(p -> p.sale().worstLatency().p99()), "ms", "wrk's own latency distribution"));
        f.add(new Figure("e2e.http.latency.p999", "over HTTP: latency p99.9 (wrk), median of the sale rounds",
                r.medianOf(p -> p.sale().worstLatency().p999()), "ms", "wrk's own latency distribution"));
        AppProcess.SimulateRun sim = r.simulate();
        boolean simulateClean = true;
        if (sim != null && sim.result() != null) {
            JsonNode j = sim.result();
            double took = j.path("tookMillis").asDouble() / 1e3;
            String how = String.format(Locale.ROOT, "seckill-app simulate --buyers %,d --stock %,d --repeat-clicks 0.1"
                    + " (64 threads, JDK HttpClient; tokens first, then the storm with payments and the waitlist)",
                    s.simulateBuyers(), s.simulateStock());
            f.add(new Figure("e2e.simulate.attempts", "over HTTP, simulate: attempts per second",
                    took > 0 ? j.path("attempts").asDouble() / took : 0, "attempts/s", how + "; "
                    + j.path("attempts").asLong() + " attempts in " + Math.round(took * 1e3) + " ms"));
            f.add(new Figure("e2e.simulate.latency.p50", "over HTTP, simulate: latency p50",
                    j.path("latencyMillisP50").asDouble(), "ms", how));
            f.add(new Figure("e2e.simulate.latency.p99", "over HTTP, simulate: latency p99",
                    j.path("latencyMillisP99").asDouble(), "ms", how));
            f.add(new Figure("e2e.simulate.latency.p999", "over HTTP, simulate: latency p99.9",
                    j.path("latencyMillisP999").asDouble(), "ms", how));
            simulateClean = j.path("clean").asBoolean(false);
        } else if (sim != null) {
            simulateClean = false;
        }
        f.add(new Figure(HTTP_AUDIT, "over HTTP: every audit clean", r.allClean() && simulateClean ? 1 : 0,
                "1 = clean", "the app's audit of each round's activity once settled, and simulate's"));
        return f;
    }
}
