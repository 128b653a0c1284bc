package io.github.seckill.example.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.example.backend.RemoteBackend;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated bad requests against the app on real Redis, Kafka and MariaDB: random and malformed JSON, wrong
 * types, deep nesting, huge strings and numbers, unicode, duplicate keys, wrong content types and methods, missing,
 * forged, expired and other buyers' tokens, every path with bad ids. Each is refused with a {@code 4xx} JSON body (a
 * public read may answer {@code 200}), never a {@code 5xx} or a stack trace, and none changes anything: the ledger,
 * Redis and the waitlists are counted before and after. A failure prints the seed and the request; the seed replays.
 */
@WithRedis
@WithKafka
@WithMariaDb
class HttpFuzzTest {

    private static final int REQUESTS = 10_000;
    private static final String[] UNICODE = {"\u00e9", "\u8d2d\u4e70", "\ud83d\udd25", "\u0000", "\u202e", "\uffff",
            "\\u0000", "\"", "'", "<script>", "%00", "../../etc/passwd", "\r\n", "\t"};

    private App app;
    private final List<Long> activities = new ArrayList<>();
    private final List<String> orders = new ArrayList<>();
    private final Map<String, Long> ownerOf = new ConcurrentHashMap<>();

    @Test
    void badRequestsAreRefusedCleanlyAndChangeNothing(RedisEndpoint redis, KafkaEndpoint kafka, MariaDbEndpoint db)
            throws Exception {
        long seed = Long.getLong("seckill.fuzz.seed", System.nanoTime());
        MariaDbEndpoint fresh = db.createFreshDatabase("fuzz");
        try (App started = App.on(new RemoteBackend(redis.uri(), kafka.bootstrapServers(), fresh.jdbcUrl(),
                fresh.user(), fresh.password())).demo(true).rateLimits(1_000_000, 1_000_000).start()) {
            this.app = started;
            Http http = new Http(app.port());
            setUp(http);
            String before = state();
            SplittableRandom random = new SplittableRandom(seed);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Map<Integer, AtomicInteger> statuses = new TreeMap<>();
            for (int i = 0; i < REQUESTS; i++) {
                Request r = generate(random);
                HttpResponse<String> response = send(client, r, seed, i);
                int status = response.statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                String what = "seed " + seed + ", request " + i + ": " + r + " -> " + status + " " + response.body();
                assertThat(status).as(what).isLessThan(500);
                assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                        .doesNotContain("at io.github");
                if (status >= 400 && r.path.startsWith("/api/")) {
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                            .startsWith("application/json");
                    assertThat(response.body()).as(what).contains("\"code\"").contains("\"message\"");
                }
                if (status < 400) {
                    assertThat(r.harmless).as("only harmless requests may succeed: " + what).isTrue();
                }
            }
            awaitQuiet();
            assertThat(state()).as("seed " + seed + ": nothing changed").isEqualTo(before);
            System.out.println("fuzz seed " + seed + ": " + REQUESTS + " requests, statuses " + statuses);
            assertThat(statuses.keySet()).contains(400, 401, 403, 404);
        }
    }

    /**
     * Sends a request. A server that refuses early (a malformed URI, a bad token) may close the connection without
     * reading the body; the client then finds its next request on a dead pooled connection, or its large body cut
     * off. Such a request is sent once more, and a large body dropped: it must then get its clean answer.
     */
    private HttpResponse<String> send(HttpClient client, Request r, long seed, int i) throws InterruptedException {
        String base = "http://127.0.0.1:" + app.port();
        for (int round = 0; round < 3; round++) {
            Request attempt = round < 2 ? r : new Request(r.method(), r.path(), r.headers(), new byte[0], r.harmless());
            try {
                return client.send(attempt.build(base), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (round == 2) {
                    throw new AssertionError("seed " + seed + ", request " + i + ": " + r + " broke the connection",
                            e);
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** A few activities (one sold out, one upcoming, one with a waitlist) and orders of known buyers. */
    private void setUp(Http http) throws Exception {
        String admin = app.adminToken();
        Instant now = Instant.now();
        long base = Tck.uniqueId() % 100_000_000L;
        long[][] specs = {{base, 3, -60}, {base + 1, 100, -60}, {base + 2, 10, 3_600}};
        for (long[] s : specs) {
            Instant start = now.plusSeconds(s[2]);
            Http.Answer a = http.post("/api/activities", admin, "{\"id\": " + s[0] + ", \"stock\": " + s[1]
                    + ", \"startsAt\": \"" + start + "\", \"endsAt\": \"" + start.plusSeconds(7_200)
                    + "\", \"giveBack\": \"WAITLIST_FIRST\", \"shards\": 2}");
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            activities.add(s[0]);
        }
        for (long user = 1; user <= 5; user++) {
            Http.Answer a = http.attempt(base, app.buyerToken(user), "setup-" + user);
            if (a.status() == 202) {
                orders.add(a.json().get("orderId").asText());
                ownerOf.put(a.json().get("orderId").asText(), user);
            }
        }
        Http.Answer b = http.attempt(base + 1, app.buyerToken(9), "setup-9");
        orders.add(b.json().get("orderId").asText());
        ownerOf.put(b.json().get("orderId").asText(), 9L);
        assertThat(http.post("/api/activities/" + base + "/waitlist", app.buyerToken(7), null).status())
                .isEqualTo(202);
        awaitQuiet();
    }

    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean settled = true;
            for (String o : orders) {
                settled &= app.backend().ledger().findOrder(Long.parseLong(o)).isPresent();
            }
            if (settled) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the setup's orders did not settle");
    }

    /** Everything a request could change: ledger rows and stock, Redis stock and slots, waitlists, the catalog. */
    private String state() {
        SaleBackend b = app.backend();
        StringBuilder out = new StringBuilder();
        out.append("catalog ").append(b.catalog().all().size()).append('\n');
        for (long id : activities) {
            out.append(id).append(" ledger ").append(b.ledger().stock(id).orElse(null))
                    .append(' ').append(new TreeMap<>(b.ledger().countOrders(id)))
                    .append(" redis ").append(Arrays.toString(b.gate().stock().remaining(id)))
                    .append(" held ").append(b.gate().stock().snapshot(id).held().size())
                    .append(" waiting ").append(b.waitlist().size(id)).append('\n');
            for (long user = 1; user <= 12; user++) {
                out.append(b.gate().dedupe().find(id, user, System.currentTimeMillis()).map(c -> c.orderId())
                        .orElse(0L)).append(',');
            }
            out.append('\n');
        }
        for (String o : orders) {
            out.append(o).append(' ').append(b.ledger().findOrder(Long.parseLong(o)).map(r -> r.status()).orElse(null))
                    .append('\n');
        }
        return out.toString();
    }

    /** One generated request. {@code harmless}: it may succeed, because it only reads or only issues a token. */
    private record Request(String method, String path, Map<String, String> headers, byte[] body, boolean harmless) {
        HttpRequest build(String base) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            return b.build();
        }

        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return method + " " + path + " " + headers + " " + shown + (body.length > 160 ? "..." : "");
        }
    }

    private Request generate(SplittableRandom r) {
        String method = pick(r, "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH");
        long activity = activities.get(r.nextInt(activities.size()));
        String order = orders.get(r.nextInt(orders.size()));
        String id = r.nextInt(3) == 0 ? badId(r) : Long.toString(activity);
        String orderId = r.nextInt(3) == 0 ? badId(r) : order;
        String path = switch (r.nextInt(14)) {
            case 0 -> "/api/activities";
            case 1 -> "/api/activities/" + id;
            case 2 -> "/api/activities/" + id + "/attempts";
            case 3 -> "/api/activities/" + id + "/waitlist";
            case 4 -> "/api/activities/" + id + "/audit";
            case 5 -> "/api/activities/" + id + "/reconcile";
            case 6 -> "/api/orders/" + orderId;
            case 7 -> "/api/orders/" + orderId + "/events";
            case 8 -> "/api/orders/" + orderId + "/payment";
            case 9 -> "/api/orders/" + orderId + "/cancel";
            case 10 -> "/api/demo/tokens";
            case 11 -> "/api/" + junkSegment(r);
            case 12 -> "/api/activities/" + id + "/order";
            default -> "/" + junkSegment(r) + "/" + junkSegment(r);
        };
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        // Who calls: never a caller who may change anything with this request (see below).
        Long owner = ownerOf.get(order);
        int who = r.nextInt(7);
        String token = switch (who) {
            case 0 -> null;
            case 1 -> "garbage." + junkSegment(r);
            case 2 -> forged(app.buyerToken(owner == null ? 1 : owner));
            case 3 -> app.expiredToken(owner == null ? 1 : owner);
            case 4 -> app.buyerToken(100 + r.nextInt(5));
            case 5 -> app.buyerToken(owner == null ? 1 : owner);
            default -> app.adminToken();
        };
        if (token != null) {
            headers.put("Authorization", r.nextInt(10) == 0 ? "Basic " + token : "Bearer " + token);
        }
        switch (r.nextInt(6)) {
            case 0 -> { }
            case 1 -> headers.put("Content-Type", "text/plain");
            case 2 -> headers.put("Content-Type", "application/xml");
            default -> headers.put("Content-Type", "application/json");
        }
        if (r.nextBoolean()) {
            headers.put("Idempotency-Key", badKey(r));
        }
        byte[] body = r.nextInt(5) == 0 ? new byte[0] : badBody(r);
        // Harmless: reads, demo tokens, and anything whose caller or body cannot be valid. A valid caller with a valid
        // request would change state, so the generator never makes one: the body is always bad, the key always bad,
        // the caller another buyer, or the token bad.
        // Cases 4 to 6 are real tokens: another buyer, the order's buyer, an admin.
        boolean validCaller = who >= 4 && !headers.get("Authorization").startsWith("Basic");
        boolean reads = method.equals("GET") || path.equals("/api/demo/tokens");
        if (validCaller && !reads && path.startsWith("/api/activities/") && path.endsWith("/attempts")) {
            headers.put("Idempotency-Key", "k".repeat(65 + r.nextInt(10))); // never a key the API accepts
        }
        if (validCaller && !reads && (path.endsWith("/waitlist") || path.endsWith("/reconcile")
                || path.endsWith("/cancel"))) {
            headers.remove("Authorization"); // these need no body to act: only an anonymous caller is safe
        }
        return new Request(method, path, headers, body, reads);
    }

    private static String forged(String token) {
        int dot = token.indexOf('.');
        char c = token.charAt(dot + 3);
        return token.substring(0, dot + 3) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 4);
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String badId(SplittableRandom r) {
        return pick(r, "0", "-1", "9223372036854775807", "18446744073709551616", "abc", "1e3", "%20", "%00",
                "1.5", "-9223372036854775808", "00012", "99999999999999999999999999", "%E2%82%AC", "4242");
    }

    private static String junkSegment(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        return r.nextInt(4) == 0 ? s + "%2F..%2F" + s : s.toString();
    }

    private static String badKey(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> "k".repeat(65 + r.nextInt(100));
            case 1 -> "key with spaces";
            case 2 -> "";
            default -> "tab\there";
        };
    }

    private static byte[] badBody(SplittableRandom r) {
        String s = switch (r.nextInt(16)) {
            case 0 -> "{";
            case 1 -> "[1, 2, 3]";
            case 2 -> "null";
            case 3 -> "\"just a string\"";
            case 4 -> "{\"id\": \"1\", \"stock\": \"ten\"}";
            case 5 -> "{\"id\": 1e400, \"stock\": 123456789012345678901234567890}";
            case 6 -> "[".repeat(2_000) + "]".repeat(2_000);
            case 7 -> "{\"a\":".repeat(500) + "1" + "}".repeat(500);
            case 8 -> "{\"outcome\": \"" + "x".repeat(20_000) + "\"}";
            case 9 -> "{\"outcome\": \"SUCCESS\", \"outcome\": 5}";
            case 10 -> "{\"reason\": " + UNICODE[r.nextInt(UNICODE.length)].length() + "}";
            case 11 -> "{\"userId\": \"" + UNICODE[r.nextInt(UNICODE.length)] + "\", \"role\": 7}";
            case 12 -> "{\"outcome\": null, \"reason\": [], \"id\": {}}";
            case 13 -> "{\"id\": -5, \"stock\": -1, \"startsAt\": \"yesterday\", \"endsAt\": 3}";
            case 14 -> "\u00ff\u00fe garbage \u0000";
            default -> "{\"outcome\": \"MAYBE\"} trailing";
        };
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(20) == 0) {
            bytes = new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xa1};
        }
        return bytes;
    }
}
