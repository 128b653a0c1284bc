package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reference app's {@code seckill-app serve} in a child JVM on the run's servers, as an operator starts it, and
 * what the benchmark asks of it over its API: activities, audits.
 */
final class AppProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Pattern ADMIN = Pattern.compile("admin token (\\S+)");
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AppProcess(Process process, URI base, String adminToken) {
        this.process = process;
        this.base = base;
        this.adminToken = adminToken;
    }

    /**
     * The servers the app runs on.
     *
     * @param redisUri Redis
     * @param kafkaBootstrap Kafka
     * @param jdbcUrl a database of the app's own
     * @param user its user
     * @param password its password
     */
    record Servers(String redisUri, String kafkaBootstrap, String jdbcUrl, String user, String password) {
    }

    /**
     * Starts {@code serve --demo} on a free port and waits until it listens.
     *
     * @param jar {@code seckill-app.jar}
     * @param heap the JVM's {@code -Xmx}, e.g. {@code 1g}
     * @param secret the token secret (passed in the environment, as {@code SECKILL_TOKEN_SECRET})
     * @param servers where the sale runs
     * @param log where the app's output goes
     * @return the running app
     * @throws IOException if it cannot start or never listens
     */
    static AppProcess start(Path jar, String heap, String secret, Servers servers, Path log) throws IOException {
        return start(jar, heap, secret, servers, List.of(), log);
    }

    /**
     * Starts {@code serve --demo} with more of serve's options, e.g. {@code --redis-cluster}.
     *
     * @param moreArgs options added to serve's command line
     */
    static AppProcess start(Path jar, String heap, String secret, Servers servers, List<String> moreArgs, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-jar", jar.toString(), "serve",
                "--redis", servers.redisUri(), "--kafka", servers.kafkaBootstrap(), "--jdbc", servers.jdbcUrl(),
                "--db-user", servers.user(), "--db-password", servers.password(), "--port", "0", "--demo",
                // one client address sends every buyer here; the per-buyer limit stays as shipped
                "--address-rate", "1000000000"));
        command.addAll(moreArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SECKILL_TOKEN_SECRET", secret);
        Process process = builder.start();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        CompletableFuture<String> admin = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, listening, admin), "seckill-app-output");
        pump.setDaemon(true);
        pump.start();
        try {
            String token = admin.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
            URI base = listening.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
            return new AppProcess(process, base, token);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("seckill-app serve did not start (its output: " + log + "): " + e, e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<URI> listening,
            CompletableFuture<String> admin) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(URI.create(m.group(1)));
                }
                Matcher a = ADMIN.matcher(line);
                if (a.find()) {
                    admin.complete(a.group(1));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        // its output ended: it exited (or is about to); a start still waiting learns so
        IOException exited = new IOException("the app stopped before it listened (see " + log + ")");
        listening.completeExceptionally(exited);
        admin.completeExceptionally(exited);
    }

    /**
     * Mints buyer tokens with {@code seckill-app tokens}.
     *
     * @param jar {@code seckill-app.jar}
     * @param secret the secret the app signs with
     * @param buyers users 1 to this
     * @param out the file
     * @throws IOException if the command fails
     */
    static void mintTokens(Path jar, String secret, int buyers, Path out) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString(), "tokens", "--to",
                Integer.toString(buyers), "--out", out.toString()).redirectErrorStream(true);
        builder.environment().put("SECKILL_TOKEN_SECRET", secret);
        Process p = builder.start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("seckill-app tokens failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** @return the app's base URL */
    URI base() {
        return base;
    }

    /** @return the CPU time the app's JVM used so far ({@link Duration#ZERO} where the platform does not say) */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** @return the admin token it printed */
    String adminToken() {
        return adminToken;
    }

    /**
     * Creates an activity that is open now, with the app's own defaults for what is not given.
     *
     * @param id the activity id
     * @param stock its units
     * @param shards its shards
     * @throws IOException if the app refuses
     */
    void createActivity(long id, long stock, int shards) throws IOException {
        Instant start = Instant.now().minusSeconds(1);
        String body = "{\"id\": " + id + ", \"stock\": " + stock + ", \"startsAt\": \"" + start + "\", \"endsAt\": \""
                + start.plus(Duration.ofHours(2)) + "\", \"paymentTimeoutSeconds\": 7200, \"shards\": " + shards
                + ", \"strategy\": \"stealing\", \"giveBack\": \"OPEN_SALE\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/activities"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 201) {
            throw new IOException("could not create activity " + id + ": " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * The app's audit of an activity, once nothing admitted is on its way to the ledger any more.
     *
     * @param id the activity
     * @param timeout how long the settling may take
     * @return {@code {"clean", "report"}}
     * @throws IOException if the app does not answer
     */
    JsonNode settledAudit(long id, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode audit = audit(id);
        while (audit.path("report").path("admissionInFlight").asLong() > 0 && System.nanoTime() < deadline) {
            sleep(200);
            audit = audit(id);
        }
        return audit;
    }

    private JsonNode audit(long id) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/activities/" + id + "/audit")).GET());
        if (r.statusCode() != 200) {
            throw new IOException("audit of " + id + " answered " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** @return the path of this JVM's java, for the children */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the app as an operator would (SIGTERM: it drains), killing it if it takes too long. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code seckill-app simulate} against an app: it mints its buyers' tokens over the demo endpoint, creates
     * an activity opening in 3 s, fires the buyers (10% click twice, some pay, some join the waitlist) and audits.
     *
     * @param jar {@code seckill-app.jar}
     * @param base the app
     * @param adminToken an admin token of the app
     * @param buyers buyers
     * @param stock the activity's units
     * @param json where simulate writes its result
     * @param log where its output goes, or {@code null} to drop it
     * @return its exit code and result
     * @throws IOException if it cannot run
     */
    static SimulateRun simulate(Path jar, URI base, String adminToken, int buyers, long stock, Path json,
            @Nullable Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "simulate",
                "--url", base.toString(), "--admin-token", adminToken, "--buyers", Integer.toString(buyers),
                "--stock", Long.toString(stock), "--starts-in", "3", "--repeat-clicks", "0.1", "--json",
                json.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        Process p = builder.start();
        try {
            if (log == null) {
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
            int exit = p.waitFor();
            return new SimulateRun(exit, Files.exists(json) ? JSON.readTree(json.toFile()) : null);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * What {@code seckill-app simulate} did.
     *
     * @param exit its exit code: 0 when the audit is clean
     * @param result its {@code --json} result, {@code null} if it wrote none
     */
    record SimulateRun(int exit, @Nullable JsonNode result) {
    }
}
