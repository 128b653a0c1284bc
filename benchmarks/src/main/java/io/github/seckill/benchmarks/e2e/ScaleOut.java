package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.seckill.benchmarks.report.Figure;
import io.github.seckill.benchmarks.report.Target;
import io.github.seckill.benchmarks.scaleout.RoutingComparison;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RealServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The scale-out run: three {@code seckill-app serve} JVMs on a three-master Redis Cluster, a six-partition topic whose
 * settler group spans them and one MariaDB, against one instance of the same sale; rounds alternate one and three
 * instances, every buyer of the token file attempting once over wrk. On one machine three instances share its cores,
 * so the throughput cannot scale; what does is the CPU an attempt costs the instances, which the run reports per
 * thousand attempts. Then {@link RoutingComparison}: three engines routing by their own hint against the shared
 * bitmap.
 */
public final class ScaleOut {

    /** Figure ids. */
    public static final String ONE = "scaleout.one.attempts";
    public static final String THREE = "scaleout.three.attempts";
    public static final String ONE_CPU = "scaleout.one.cpu-ms-per-1000";
    public static final String THREE_CPU = "scaleout.three.cpu-ms-per-1000";
    public static final String AUDIT = "scaleout.audit-clean";
    public static final String LOCAL_EMPTY = "scaleout.routing.local.empty-probes-near-sell-out";
    public static final String SHARED_EMPTY = "scaleout.routing.shared.empty-probes-near-sell-out";
    public static final String CLUSTER_CALLS = "scaleout.routing.calls-per-admission";

    /**
     * @param buyers buyers of each HTTP sale (each attempts once, one in ten clicks again)
     * @param stock units of each sale
     * @param shards shards of each sale
     * @param rounds pairs of sales, one instance then three
     * @param connections wrk connections in all, split over the instances
     * @param appHeap each instance's {@code -Xmx}
     * @param routingStock units of each routing-comparison sale
     * @param routingBuyers its buyers
     */
    public record Settings(int buyers, long stock, int shards, int rounds, int connections, String appHeap,
            long routingStock, int routingBuyers) {

        /** @return the published run's sizes */
        public static Settings full() {
            return new Settings(200_000, 2_000, 16, 3, 240, "512m", 5_000, 20_000);
        }

        /** @return CI's */
        public static Settings quick() {
            return new Settings(20_000, 500, 16, 1, 96, "384m", 1_000, 4_000);
        }
    }

    /** One sale over HTTP. */
    record Sale(int instances, HttpRound round, double cpuMillis, boolean clean) {

        double cpuMillisPerThousand() {
            return round.answered() == 0 ? 0 : cpuMillis * 1000 / round.answered();
        }
    }

    /**
     * What the run measured.
     *
     * @param figures its figures
     * @param failures what could not be measured, and why
     */
    public record Outcome(List<Figure> figures, List<String> failures) {

        /** Copies the lists. */
        public Outcome {
            figures = List.copyOf(figures);
            failures = List.copyOf(failures);
        }
    }

    private ScaleOut() {
    }

    /** @return the scale-out run's targets: only correctness is judged; the figures are reported */
    public static List<Target> targets() {
        return List.of(new Target("scaleout-audit", "Every scale-out sale (one and three instances) audits clean"
                + " (1 = clean)", AUDIT, null, 1, false, "An unclean audit is a defect: the round's audit in the log"
                + " names the invariant."));
    }

    /**
     * @param s the sizes
     * @param clusterUris the Redis Cluster's node URIs
     * @param kafkaBootstrap Kafka
     * @param mariaDb MariaDB (a database of its own is made)
     * @param jar {@code seckill-app.jar}
     * @param out the results directory
     * @param say progress lines
     * @return the figures and failures
     */
    public static Outcome run(Settings s, List<String> clusterUris, String kafkaBootstrap, MariaDbEndpoint mariaDb,
            Path jar, Path out, Consumer<String> say) {
        List<Figure> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Sale> sales = new ArrayList<>();
        say.accept(String.format(Locale.ROOT, "Scale-out: 1 against 3 instances on a 3-master Redis Cluster, %d"
                + " rounds of %,d buyers for %,d units", s.rounds(), s.buyers(), s.stock()));
        if (!Files.isRegularFile(jar)) {
            failures.add("scale-out not measured: no " + jar + " (build seckill-example-app)");
        } else {
            try {
                sales.addAll(sales(s, clusterUris, kafkaBootstrap, mariaDb, jar,
                        Files.createDirectories(out.resolve("scaleout")), say));
            } catch (Exception e) {
                failures.add("scale-out sales failed: " + e);
            }
        }
        for (Sale sale : sales) {
            if (!sale.clean()) {
                failures.add("scale-out sale on " + sale.instances() + " instance(s): audit not clean");
            }
        }
        if (!sales.isEmpty()) {
            figures.add(median(sales, 1, ONE, "scale-out: attempts answered per second, one instance",
                    sale -> sale.round().answersPerSecond(), "attempts/s"));
            figures.add(median(sales, 3, THREE, "scale-out: attempts answered per second, three instances",
                    sale -> sale.round().answersPerSecond(), "attempts/s"));
            figures.add(median(sales, 1, ONE_CPU, "scale-out: CPU of the instances per 1,000 attempts, one"
                    + " instance (the others idle but settling)", Sale::cpuMillisPerThousand, "ms"));
            figures.add(median(sales, 3, THREE_CPU, "scale-out: CPU of the instances per 1,000 attempts, three"
                    + " instances", Sale::cpuMillisPerThousand, "ms"));
            figures.add(median(sales, 1, "scaleout.one.p99", "scale-out: attempt latency p99, one instance",
                    sale -> sale.round().worstLatency().p99(), "ms"));
            figures.add(median(sales, 3, "scaleout.three.p99", "scale-out: attempt latency p99, three instances",
                    sale -> sale.round().worstLatency().p99(), "ms"));
            figures.add(new Figure(AUDIT, "scale-out: every sale audited clean", sales.stream()
                    .allMatch(Sale::clean) ? 1 : 0, "", sales.size() + " sales"));
        }
        try {
            say.accept(String.format(Locale.ROOT, "Scale-out routing: 3 engines, 32 shards, %,d units, %,d buyers,"
                    + " local hint against the shared bitmap, %d rounds", s.routingStock(), s.routingBuyers(),
                    s.rounds()));
            List<RoutingComparison.Round> rounds = new RoutingComparison(clusterUris, 3, 32, s.routingStock(),
                    s.routingBuyers(), 4).run(Math.max(1, s.rounds()), System.currentTimeMillis() % 1_000_000_000L);
            rounds.forEach(r -> say.accept("  " + r));
            figures.add(routing(rounds, "local", LOCAL_EMPTY));
            figures.add(routing(rounds, "shared", SHARED_EMPTY));
            double[] calls = rounds.stream().mapToDouble(RoutingComparison.Round::callsPerAdmission).sorted()
                    .toArray();
            figures.add(new Figure(CLUSTER_CALLS, "scale-out routing: round trips to the cluster per unit sold"
                    + " (claim, take, confirm, probes, stock reads)", calls[calls.length / 2], "calls",
                    "RoutingComparison, median of " + calls.length + " sales"));
        } catch (Exception e) {
            failures.add("scale-out routing comparison failed: " + e);
        }
        return new Outcome(figures, failures);
    }

    /**
     * The scale-out run on its own, on servers the harness starts (or names, see {@code RealServers}).
     *
     * <pre>
     * java -cp benchmarks.jar io.github.seckill.benchmarks.e2e.ScaleOut [--quick] [--app seckill-app.jar] [--out DIR]
     * </pre>
     */
    public static void main(String[] args) {
        boolean quick = false;
        Path jar = Path.of("seckill-example-app/target/seckill-app.jar");
        Path out = Path.of("benchmarks/results/scaleout");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--app" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ScaleOut [--quick] [--app JAR] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        Outcome o = run(quick ? Settings.quick() : Settings.full(), RealServers.redisCluster().uris(),
                RealServers.kafka().bootstrapServers(), RealServers.mariaDb(), jar, out, System.out::println);
        o.figures().forEach(f -> System.out.printf(Locale.ROOT, "%-52s %,14.2f %s%n", f.id(), f.value(), f.unit()));
        o.failures().forEach(System.err::println);
        System.exit(o.failures().isEmpty() ? 0 : 1);
    }

    private static List<Sale> sales(Settings s, List<String> clusterUris, String kafkaBootstrap,
            MariaDbEndpoint mariaDb, Path jar, Path dir, Consumer<String> say) throws Exception {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path tokens = dir.resolve("tokens.txt");
        Path warmupTokens = dir.resolve("warmup-tokens.txt");
        AppProcess.mintTokens(jar, secret, s.buyers(), tokens);
        int warmupBuyers = Math.min(s.buyers(), 5_000);
        try (Stream<String> lines = Files.lines(tokens)) {
            Files.write(warmupTokens, (Iterable<String>) lines.limit(warmupBuyers)::iterator);
        }
        MariaDbEndpoint db = mariaDb.createFreshDatabase("scaleout");
        AppProcess.Servers servers = new AppProcess.Servers(String.join(",", clusterUris), kafkaBootstrap,
                db.jdbcUrl(), db.user(), db.password());
        List<String> cluster = List.of("--redis-cluster", "--topic", "scaleout-" + System.currentTimeMillis(),
                "--partitions", "6");
        List<AppProcess> apps = new ArrayList<>();
        List<Sale> sales = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                apps.add(AppProcess.start(jar, s.appHeap(), secret, servers, cluster, dir.resolve("app-" + i
                        + ".log")));
            }
            List<URI> all = apps.stream().map(AppProcess::base).toList();
            long activity = System.currentTimeMillis() % 1_000_000_000L * 100;
            say.accept("  3 instances up; warming up with " + warmupBuyers + " buyers over all three");
            apps.get(0).createActivity(activity, Math.max(1, warmupBuyers / 4), s.shards());
            new WrkSale(all, warmupTokens, 1, Math.max(3, s.connections() / 3)).sale(activity, 10);
            apps.get(0).settledAudit(activity, Duration.ofMinutes(2));
            for (int round = 1; round <= s.rounds(); round++) {
                for (int n : new int[] {1, 3}) {
                    activity++;
                    apps.get(0).createActivity(activity, s.stock(), s.shards());
                    List<URI> bases = all.subList(0, n);
                    double cpuBefore = cpuMillis(apps);
                    HttpRound sale = new WrkSale(bases, tokens, Math.max(1, 2 / n), s.connections() / n)
                            .sale(activity, 10);
                    JsonNode audit = apps.get(0).settledAudit(activity, Duration.ofMinutes(5));
                    Sale done = new Sale(n, sale, cpuMillis(apps) - cpuBefore, audit.path("clean").asBoolean());
                    sales.add(done);
                    say.accept(String.format(Locale.ROOT, "  round %d, %d instance(s): %,d answers in %.1f s, %,.0f/s,"
                                    + " p99 %.1f ms, instances' CPU %.1f ms per 1,000 attempts, audit %s", round, n,
                            sale.answered(), sale.seconds(), sale.answersPerSecond(), sale.worstLatency().p99(),
                            done.cpuMillisPerThousand(), done.clean() ? "clean"
                                    : "NOT CLEAN " + audit.path("report").path("violations")));
                }
            }
            return sales;
        } finally {
            apps.forEach(AppProcess::close);
            Files.deleteIfExists(tokens);
            Files.deleteIfExists(warmupTokens);
        }
    }

    private static double cpuMillis(List<AppProcess> apps) {
        return apps.stream().mapToDouble(a -> a.cpu().toNanos() / 1e6).sum();
    }

    private static Figure median(List<Sale> sales, int instances, String id, String label,
            ToDoubleFunction<Sale> value, String unit) {
        double[] v = sales.stream().filter(x -> x.instances() == instances).mapToDouble(value).sorted().toArray();
        double median = v.length == 0 ? Double.NaN : v[v.length / 2];
        String source = String.format(Locale.ROOT, "wrk (sale.lua) against %d seckill-app serve instance(s) on a"
                + " Redis Cluster, median of %d sales (min %.1f, max %.1f)", instances, v.length,
                v.length == 0 ? Double.NaN : v[0], v.length == 0 ? Double.NaN : v[v.length - 1]);
        return new Figure(id, label, median, unit, source);
    }

    private static Figure routing(List<RoutingComparison.Round> rounds, String mode, String id) {
        double[] v = rounds.stream().filter(r -> r.mode().equals(mode))
                .mapToDouble(RoutingComparison.Round::nearEmptyProbesPerAttempt).sorted().toArray();
        return new Figure(id, "scale-out routing, " + mode + ": empty shards probed per attempt near the sell-out"
                + " (3 engines)", v[v.length / 2], "probes", String.format(Locale.ROOT, "RoutingComparison, median"
                + " of %d sales (min %.2f, max %.2f)", v.length, v[0], v[v.length - 1]));
    }
}
