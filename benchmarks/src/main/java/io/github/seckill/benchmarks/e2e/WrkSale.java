package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flash sale over HTTP driven by {@code wrk} (a load generator that is not seckill's) with {@code sale.lua}: every
 * buyer of a token file attempts once, with its own bearer token and Idempotency-Key, and some click again with a new
 * key; or the same requests' headers against {@code GET /health}, the server's ceiling. With several base URLs (the
 * instances of one sale), one wrk process per URL runs at once, each with its own share of the buyers, and the rounds
 * add up.
 *
 * <pre>
 * seckill-app tokens --to 1000000 --out tokens.txt        # with serve's SECKILL_TOKEN_SECRET
 * java -cp benchmarks.jar io.github.seckill.benchmarks.e2e.WrkSale --tokens tokens.txt --activity 42 \
 *     --url http://10.0.0.1:8080 --url http://10.0.0.2:8080 [--threads 2] [--connections 256] \
 *     [--repeat-every 10] [--ceiling-seconds 10] [--out round.json]
 * </pre>
 *
 * The activity must exist and be open; the command prints the round as JSON. {@code --ceiling-seconds} measures the
 * ceiling instead, for that long.
 */
public final class WrkSale {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SCRIPT = "sale.lua";
    private static final String THREAD_DONE = "SECKILL-WRK-THREAD-DONE";
    /** An upper bound for one sale round; wrk is stopped as soon as every attempt is answered. */
    private static final Duration LONGEST_SALE = Duration.ofMinutes(30);

    private final List<URI> bases;
    private final Path tokens;
    private final int threads;
    private final int connections;
    private final Path script;

    /**
     * @param bases the instances' base URLs, e.g. {@code http://127.0.0.1:8080}
     * @param tokens buyer tokens, one a line ({@code seckill-app tokens})
     * @param threads wrk threads per base URL
     * @param connections wrk connections per base URL (at least {@code threads})
     * @throws IOException if the Lua script cannot be written beside the tokens
     */
    public WrkSale(List<URI> bases, Path tokens, int threads, int connections) throws IOException {
        if (bases.isEmpty() || threads < 1 || connections < threads) {
            throw new IllegalArgumentException("needs a base URL, threads >= 1 and connections >= threads");
        }
        this.bases = List.copyOf(bases);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.threads = threads;
        this.connections = connections;
        Path dir = tokens.toAbsolutePath().getParent();
        this.script = (dir == null ? Path.of(".") : dir).resolve(SCRIPT);
        try (InputStream in = WrkSale.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Every buyer of the token file attempts once on the activity, spread over the base URLs; wrk stops when every
     * attempt is answered.
     *
     * @param activityId an open activity
     * @param repeatEvery a repeat click with a new key after every this many buyers, 0 for none
     * @return the round
     */
    public HttpRound sale(long activityId, int repeatEvery) {
        return run("attempt", activityId, repeatEvery, LONGEST_SALE, true);
    }

    /**
     * The ceiling: the same requests' headers on {@code GET /health}, for a while.
     *
     * @param duration how long
     * @return the round
     */
    public HttpRound ceiling(Duration duration) {
        return run("ceiling", 0, 0, duration, false);
    }

    private HttpRound run(String mode, long activityId, int repeatEvery, Duration duration, boolean untilDone) {
        List<CompletableFuture<WrkReport>> running = new ArrayList<>();
        for (int part = 0; part < bases.size(); part++) {
            List<String> command = List.of("wrk", "-t", Integer.toString(threads), "-c",
                    Integer.toString(connections), "-d", duration.toSeconds() + "s", "--timeout", "30s", "-s",
                    script.toString(), bases.get(part).toString(), "--", mode, tokens.toAbsolutePath().toString(),
                    Long.toString(activityId), Integer.toString(repeatEvery), Integer.toString(part),
                    Integer.toString(bases.size()), Integer.toString(threads));
            running.add(CompletableFuture.supplyAsync(() -> wrk(command, duration, untilDone)));
        }
        List<WrkReport> reports = new ArrayList<>();
        try {
            for (CompletableFuture<WrkReport> r : running) {
                reports.add(r.join());
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return HttpRound.of(reports);
    }

    /** Runs one wrk process; in a sale, ends it (SIGINT, as wrk expects) once each of its threads is done. */
    private WrkReport wrk(List<String> command, Duration duration, boolean untilDone) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start wrk (scripts/setup.sh installs it): " + e.getMessage(), e);
        }
        StringBuilder output = new StringBuilder();
        AtomicInteger done = new AtomicInteger();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(THREAD_DONE)) {
                    if (done.incrementAndGet() == threads && untilDone) {
                        interrupt(process);
                    }
                } else {
                    output.append(line).append('\n');
                }
            }
            if (!process.waitFor(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end: " + command);
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot read wrk's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wrk ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + process.exitValue() + ": " + output.toString().strip());
        }
        return WrkReport.parse(output.toString());
    }

    private static void interrupt(Process process) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /**
     * @param args {@code --tokens FILE --url URL [--url URL ...] (--activity ID | --ceiling-seconds S) [--threads N]
     *     [--connections N] [--repeat-every N] [--out FILE]}
     * @throws Exception if the round cannot run
     */
    public static void main(String[] args) throws Exception {
        List<URI> urls = new ArrayList<>();
        Path tokens = null;
        long activity = 0;
        long ceilingSeconds = 0;
        int threads = 2;
        int connections = 256;
        int repeatEvery = 10;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> urls.add(URI.create(value));
                case "--tokens" -> tokens = Path.of(value);
                case "--activity" -> activity = Long.parseLong(value);
                case "--ceiling-seconds" -> ceilingSeconds = Long.parseLong(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--repeat-every" -> repeatEvery = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> usage();
            }
        }
        if (tokens == null || urls.isEmpty() || (activity <= 0) == (ceilingSeconds <= 0) || args.length % 2 != 0) {
            usage();
            return;
        }
        WrkSale sale = new WrkSale(urls, tokens, threads, connections);
        HttpRound round = ceilingSeconds > 0 ? sale.ceiling(Duration.ofSeconds(ceilingSeconds))
                : sale.sale(activity, repeatEvery);
        String json = JSON.writeValueAsString(round);
        if (out != null) {
            Files.writeString(out, json);
        }
        System.out.println(json);
    }

    private static void usage() {
        System.err.println("usage: WrkSale --tokens FILE --url URL [--url URL ...] (--activity ID | --ceiling-seconds S)"
                + " [--threads N] [--connections N] [--repeat-every N] [--out FILE]");
        System.exit(2);
    }
}
