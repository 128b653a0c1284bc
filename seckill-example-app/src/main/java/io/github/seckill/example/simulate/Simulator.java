package io.github.seckill.example.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Buyers over HTTP against a running app (in demo mode, for tokens): each gets a token, waits for the sale, clicks
 * (some twice, some with a new key, some retry), pays or fails or ignores its order, and some sold-out buyers join
 * the waitlist. Then the activity's audit decides.
 */
public final class Simulator {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** The instances, buyers spread over them; a buyer whose instance does not answer tries the next. */
    private final List<String> bases;
    private final HttpClient http;
    private final Settings s;

    /** How buyers behave. */
    public record Settings(int buyers, int threads, double repeatClicks, double pay, double failPayment,
            double joinWaitlist, long seed, @Nullable PrintStream progress) {

        /** @throws IllegalArgumentException on values out of range */
        public Settings {
            if (buyers < 1 || threads < 1) {
                throw new IllegalArgumentException("buyers and threads must be at least 1");
            }
            for (double share : new double[] {repeatClicks, pay, failPayment, joinWaitlist}) {
                if (share < 0 || share > 1) {
                    throw new IllegalArgumentException("shares must be 0..1");
                }
            }
            if (pay + failPayment > 1) {
                throw new IllegalArgumentException("pay + failPayment must be at most 1");
            }
        }

        /** @return 50,000 buyers: 20% click twice, 80% pay, 10% fail, 10% ignore, 5% of the sold out wait */
        public static Settings defaults() {
            return new Settings(50_000, 64, 0.2, 0.8, 0.1, 0.05, 7, System.err);
        }

        /** @return these settings with {@code n} buyers */
        public Settings withBuyers(int n) {
            return new Settings(n, threads, repeatClicks, pay, failPayment, joinWaitlist, seed, progress);
        }

        /** @return these settings with {@code n} threads */
        public Settings withThreads(int n) {
            return new Settings(buyers, n, repeatClicks, pay, failPayment, joinWaitlist, seed, progress);
        }

        /** @return these settings with a share of buyers clicking twice */
        public Settings withRepeatClicks(double share) {
            return new Settings(buyers, threads, share, pay, failPayment, joinWaitlist, seed, progress);
        }

        /** @return these settings printing progress to {@code out}, or none */
        public Settings withProgress(@Nullable PrintStream out) {
            return new Settings(buyers, threads, repeatClicks, pay, failPayment, joinWaitlist, seed, out);
        }
    }

    /**
     * @param urls the app, e.g. {@code http://127.0.0.1:8080}, or several instances of it, comma-separated
     * @param settings how buyers behave
     */
    public Simulator(String urls, Settings settings) {
        List<String> all = new ArrayList<>();
        for (String url : urls.split(",")) {
            String u = url.trim();
            if (!u.isEmpty()) {
                all.add(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("urls: at least one, was '" + urls + "'");
        }
        this.bases = List.copyOf(all);
        this.s = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(4, settings.threads() / 4), r -> {
                    Thread t = new Thread(r, "simulate-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** @return an admin token from the app's demo endpoint */
    public String adminToken() {
        return post("/api/demo/tokens", null, "{\"role\": \"admin\"}", Map.of()).json().get("token").asText();
    }

    /**
     * Creates an activity that opens soon.
     *
     * @return its id
     */
    public long createActivity(String adminToken, long id, long stock, Duration startsIn, Duration lasts,
            int shards, String giveBack) {
        Instant start = Instant.now().plus(startsIn);
        Answer a = post("/api/activities", adminToken, "{\"id\": " + id + ", \"stock\": " + stock + ", \"startsAt\": \""
                + start + "\", \"endsAt\": \"" + start.plus(lasts) + "\", \"paymentTimeoutSeconds\": 60, \"shards\": "
                + shards + ", \"strategy\": \"stealing\", \"giveBack\": \"" + giveBack + "\"}", Map.of());
        if (a.status != 201) {
            throw new IllegalStateException("could not create activity " + id + ": " + a.status + " " + a.body);
        }
        return id;
    }

    /** @return what the buyers saw and the audit afterwards */
    public SimulationResult run(long activityId, String adminToken) throws InterruptedException {
        JsonNode activity = get("/api/activities/" + activityId, null).json();
        Instant startsAt = Instant.parse(activity.get("startsAt").asText());
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        LongAdder attempts = new LongAdder();
        LongAdder duplicates = new LongAdder();
        LongAdder admitted = new LongAdder();
        LongAdder paid = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder waitlisted = new LongAdder();
        Set<String> admittedOrders = ConcurrentHashMap.newKeySet();
        long[] latencies = new long[s.buyers()];
        AtomicInteger recorded = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads());
        // Tokens first, so that the storm itself is only attempts.
        String[] tokens = new String[s.buyers()];
        AtomicLong next = new AtomicLong();
        Runnable mint = () -> {
            for (long i = next.getAndIncrement(); i < s.buyers(); i = next.getAndIncrement()) {
                tokens[(int) i] = post((int) i, "/api/demo/tokens", null, "{\"userId\": " + (i + 1) + "}", Map.of())
                        .json().get("token").asText();
            }
        };
        runAll(pool, mint);
        long wait = Duration.between(Instant.now(), startsAt).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        PrintStream progress = s.progress();
        ProgressBar bar = progress == null ? null : new ProgressBarBuilder().setTaskName("buyers")
                .setInitialMax(s.buyers()).setStyle(ProgressBarStyle.ASCII).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(progress)).build();
        long start = System.nanoTime();
        next.set(0);
        runAll(pool, () -> {
            for (long i = next.getAndIncrement(); i < s.buyers(); i = next.getAndIncrement()) {
                SplittableRandom random = new SplittableRandom(s.seed() * 1_000_003 + i);
                String token = tokens[(int) i];
                String key = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                int home = (int) i;
                Answer a = attempt(home, activityId, token, key);
                latencies[recorded.getAndIncrement()] = System.nanoTime() - t0;
                attempts.increment();
                while (a.status == 503 || a.status == 429) {
                    // told to try again: the same key, as a client should
                    sleep(100);
                    a = attempt(home, activityId, token, key);
                    attempts.increment();
                }
                String kind = a.status == 202 ? "ADMITTED" : a.json().path("code").asText("HTTP_" + a.status);
                answers.computeIfAbsent(kind, k -> new LongAdder()).increment();
                if (random.nextDouble() < s.repeatClicks()) {
                    Answer again = attempt(home, activityId, token, UUID.randomUUID().toString());
                    attempts.increment();
                    if (again.status == 409 && "DUPLICATE".equals(again.json().path("code").asText())) {
                        duplicates.increment();
                    }
                }
                if (a.status == 202) {
                    admitted.increment();
                    String orderId = a.json().get("orderId").asText();
                    admittedOrders.add(orderId);
                    settle(home, orderId, token, random, paid, failed);
                } else if ("SOLD_OUT".equals(kind) && random.nextDouble() < s.joinWaitlist()) {
                    Answer w = post(home, "/api/activities/" + activityId + "/waitlist", token, null, Map.of());
                    if (w.status == 202 || w.status == 200) {
                        waitlisted.increment();
                    }
                }
                if (bar != null) {
                    bar.step();
                }
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (bar != null) {
            bar.close();
        }
        pool.shutdown();
        JsonNode audit = awaitQuietAudit(activityId, adminToken);
        long[] sorted = Arrays.copyOf(latencies, recorded.get());
        Arrays.sort(sorted);
        Map<String, Long> counts = new java.util.HashMap<>();
        answers.forEach((k, v) -> counts.put(k, v.sum()));
        return new SimulationResult(s.buyers(), attempts.sum(), counts, admitted.sum(), duplicates.sum(), paid.sum(),
                failed.sum(), waitlisted.sum(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                percentile(sorted, 0.999), took, audit, admittedOrders);
    }

    /** Waits for the order to reach the ledger, then pays, fails or ignores it. */
    private void settle(int home, String orderId, String token, SplittableRandom random, LongAdder paid,
            LongAdder failed) {
        double fate = random.nextDouble();
        if (fate >= s.pay() + s.failPayment()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Answer o = get(home, "/api/orders/" + orderId, token);
            if (o.status == 200 && !"QUEUED".equals(o.json().path("status").asText())) {
                break;
            }
            sleep(50);
        }
        String outcome = fate < s.pay() ? "SUCCESS" : "FAILURE";
        Answer p = post(home, "/api/orders/" + orderId + "/payment", token, "{\"outcome\": \"" + outcome + "\"}",
                Map.of());
        if (p.status == 200) {
            (outcome.equals("SUCCESS") ? paid : failed).increment();
        }
    }

    /** The audit once nothing is on its way to the ledger (or after a minute). */
    private JsonNode awaitQuietAudit(long activityId, String adminToken) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode audit = get("/api/activities/" + activityId + "/audit", adminToken).json();
        while (System.nanoTime() < deadline && audit.path("report").path("admissionInFlight").asLong() > 0) {
            Thread.sleep(200);
            audit = get("/api/activities/" + activityId + "/audit", adminToken).json();
        }
        return audit;
    }

    private static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private void runAll(ExecutorService pool, Runnable task) throws InterruptedException {
        java.util.List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        for (int t = 0; t < s.threads(); t++) {
            running.add(pool.submit(task));
        }
        for (var f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a buyer failed", e.getCause());
            }
        }
    }

    private Answer attempt(int home, long activityId, String token, String key) {
        return post(home, "/api/activities/" + activityId + "/attempts", token, null, Map.of("Idempotency-Key", key));
    }

    /** An answer of the app. */
    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
    }

    private Answer get(String path, @Nullable String token) {
        return get(0, path, token);
    }

    private Answer get(int home, String path, @Nullable String token) {
        return send(home, path, null, token, Map.of());
    }

    private Answer post(String path, @Nullable String token, @Nullable String json, Map<String, String> headers) {
        return post(0, path, token, json, headers);
    }

    private Answer post(int home, String path, @Nullable String token, @Nullable String json,
            Map<String, String> headers) {
        return send(home, path, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json), token, json == null ? headers : withJson(headers));
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    /**
     * Sends to the buyer's instance; when it does not answer (it may have died), to the next one, as a load balancer
     * would: the same request, the same idempotency key.
     *
     * @param body a POST's body, {@code null} for a GET
     */
    private Answer send(int home, String path, HttpRequest.@Nullable BodyPublisher body, @Nullable String token,
            Map<String, String> headers) {
        for (int attempt = 1; ; attempt++) {
            String base = bases.get(Math.floorMod(home + attempt - 1, bases.size()));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (body == null) {
                b.GET();
            } else {
                b.POST(body);
            }
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            headers.forEach(b::header);
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            } catch (IOException e) {
                if (attempt >= 5 + bases.size()) {
                    throw new IllegalStateException("the app does not answer: " + e, e);
                }
                sleep(100L * Math.min(attempt, 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
