package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The flash sale over HTTP: {@code seckill-app serve} in a child JVM on the run's servers, warmed up, then rounds of
 * the SDK-level sale (the admission figure the HTTP sale is held to), the server's ceiling ({@code GET /health} with
 * wrk) and a whole sale over HTTP (every buyer through wrk, a fresh activity each round, audited once settled), and
 * last the app's own client, {@code seckill-app simulate}.
 */
final class HttpSaleBenchmark {

    /**
     * How the benchmark runs.
     *
     * @param buyers distinct buyers of each sale round
     * @param repeatEvery a repeat click after every this many buyers
     * @param stock units of each sale round
     * @param shards shards of each activity
     * @param rounds ceiling-and-sale pairs, at least 3
     * @param ceiling how long each ceiling round runs
     * @param threads wrk threads
     * @param connections wrk connections
     * @param warmupBuyers buyers of the warm-up sale before the rounds
     * @param simulateBuyers buyers of the {@code simulate} run, 0 for none
     * @param simulateStock units of the {@code simulate} run's activity
     * @param appHeap the app JVM's {@code -Xmx}
     */
    record Settings(int buyers, int repeatEvery, long stock, int shards, int rounds, Duration ceiling, int threads,
            int connections, int warmupBuyers, int simulateBuyers, long simulateStock, String appHeap) {
    }

    /** The SDK-level sale, run again right before each round's HTTP sale. */
    interface SdkRound {
        /**
         * @param round 1, 2, ...
         * @return its attempts per second before sold out
         * @throws Exception if it fails
         */
        double admitting(int round) throws Exception;
    }

    /**
     * One round: the SDK-level sale, the ceiling, then the sale over HTTP.
     *
     * @param sdkAdmitting the SDK-level sale's attempts per second before sold out, this round
     * @param ceiling the ceiling round
     * @param sale the sale round
     * @param activityId the sale's activity
     * @param audit the app's audit of it once settled
     */
    record Pair(double sdkAdmitting, HttpRound ceiling, HttpRound sale, long activityId, JsonNode audit) {
        boolean clean() {
            return audit.path("clean").asBoolean(false);
        }
    }

    /**
     * What the benchmark measured.
     *
     * @param pairs every round, in order
     * @param simulate the {@code simulate} run, {@code null} if none ran
     */
    record Result(List<Pair> pairs, AppProcess.@Nullable SimulateRun simulate) {

        double medianOf(java.util.function.ToDoubleFunction<Pair> figure) {
            double[] values = pairs.stream().mapToDouble(figure).sorted().toArray();
            int n = values.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }

        boolean allClean() {
            return pairs.stream().allMatch(Pair::clean);
        }
    }

    private HttpSaleBenchmark() {
    }

    /**
     * @param s the settings
     * @param jar {@code seckill-app.jar}
     * @param servers the servers, with a database of the app's own
     * @param dir where tokens, the app's log and simulate's output go
     * @param sdk the SDK-level sale, run in each round before the sale over HTTP
     * @param say progress lines
     * @return what it measured
     * @throws Exception if the app cannot start or answer, or the SDK-level sale fails
     */
    static Result run(Settings s, Path jar, AppProcess.Servers servers, Path dir, SdkRound sdk,
            Consumer<String> say) throws Exception {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path tokens = dir.resolve("tokens.txt");
        Path warmupTokens = dir.resolve("warmup-tokens.txt");
        AppProcess.mintTokens(jar, secret, s.buyers(), tokens);
        try (Stream<String> lines = Files.lines(tokens)) {
            Files.write(warmupTokens, (Iterable<String>) lines.limit(s.warmupBuyers())::iterator);
        }
        long activityBase = System.currentTimeMillis() % 1_000_000_000L * 100;
        try (AppProcess app = AppProcess.start(jar, s.appHeap(), secret, servers, dir.resolve("app.log"))) {
            say.accept("  app on " + app.base() + "; warming up with " + s.warmupBuyers() + " buyers");
            WrkSale warmup = new WrkSale(List.of(app.base()), warmupTokens, s.threads(), s.connections());
            app.createActivity(activityBase, Math.min(s.stock(), s.warmupBuyers() / 2), s.shards());
            warmup.sale(activityBase, s.repeatEvery());
            warmup.ceiling(Duration.ofSeconds(Math.max(1, s.ceiling().toSeconds() / 2)));
            app.settledAudit(activityBase, Duration.ofMinutes(2));

            WrkSale load = new WrkSale(List.of(app.base()), tokens, s.threads(), s.connections());
            List<Pair> pairs = new ArrayList<>();
            for (int round = 1; round <= s.rounds(); round++) {
                double sdkAdmitting = sdk.admitting(round);
                HttpRound ceiling = load.ceiling(s.ceiling());
                long activity = activityBase + round;
                app.createActivity(activity, s.stock(), s.shards());
                HttpRound sale = load.sale(activity, s.repeatEvery());
                JsonNode audit = app.settledAudit(activity, Duration.ofMinutes(5));
                Pair pair = new Pair(sdkAdmitting, ceiling, sale, activity, audit);
                pairs.add(pair);
                say.accept(String.format(Locale.ROOT, "  round %d: SDK %,.0f/s admitting; ceiling %,.0f/s; sale %,d"
                                + " answers in %.1f s: %,.0f/s admitting (%.2fx the SDK), %,.0f/s sold out (%.2fx the"
                                + " ceiling), audit %s", round, sdkAdmitting, ceiling.answersPerSecond(),
                        sale.answered(), sale.seconds(), sale.admittingPerSecond(),
                        sale.admittingPerSecond() / Math.max(1, sdkAdmitting),
                        sale.soldOutPerSecond(), sale.soldOutPerSecond() / Math.max(1, ceiling.answersPerSecond()),
                        pair.clean() ? "clean" : "NOT CLEAN " + audit.path("report").path("violations")));
            }
            AppProcess.SimulateRun simulate = null;
            if (s.simulateBuyers() > 0) {
                say.accept("  seckill-app simulate: " + s.simulateBuyers() + " buyers for " + s.simulateStock()
                        + " units");
                simulate = AppProcess.simulate(jar, app.base(), app.adminToken(), s.simulateBuyers(),
                        s.simulateStock(), dir.resolve("simulate.json"), dir.resolve("simulate.log"));
            }
            return new Result(pairs, simulate);
        } finally {
            deleteQuietly(tokens);
            deleteQuietly(warmupTokens);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
