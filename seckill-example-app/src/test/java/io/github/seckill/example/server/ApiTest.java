package io.github.seckill.example.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every documented answer of the HTTP API on the in-memory backend, and bad input of every kind: each answers its
 * {@code 4xx} with a JSON body, never a {@code 5xx}, and changes nothing (counted in the ledger before and after).
 */
class ApiTest {

    private static App app;
    private static Http http;
    private static String admin;
    private static final AtomicLong IDS = new AtomicLong(1_000);

    @BeforeAll
    static void start() {
        app = App.on(new MemoryBackend()).demo(true).rateLimits(50, 100_000).start();
        http = new Http(app.port());
        admin = app.adminToken();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long activity(long stock, Instant start, Instant end, String extra) {
        long id = IDS.incrementAndGet();
        Http.Answer a = http.post("/api/activities", admin, "{\"id\": " + id + ", \"stock\": " + stock
                + ", \"startsAt\": \"" + start + "\", \"endsAt\": \"" + end + "\", \"paymentTimeoutSeconds\": 60"
                + extra + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return id;
    }

    private static long openActivity(long stock) {
        return activity(stock, Instant.now().minusSeconds(1), Instant.now().plusSeconds(600), "");
    }

    private static String buyer(long user) {
        return app.buyerToken(user);
    }

    /** What the ledger holds for an activity: its stock row and its orders by status. */
    private static String ledger(long activity) {
        StockSnapshot s = app.backend().ledger().stock(activity).orElse(null);
        Map<OrderStatus, Long> orders = app.backend().ledger().countOrders(activity);
        return s + " " + orders;
    }

    private static void settled(long activity, long orders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (app.backend().ledger().countOrders(activity).values().stream().mapToLong(Long::longValue).sum()
                < orders) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void assertError(Http.Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(a.code()).isEqualTo(code);
        assertThat(a.json().path("message").asText()).isNotBlank();
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void tokensAreChecked() {
        long id = openActivity(5);
        String before = ledger(id);
        assertError(http.attempt(id, null, "k1"), 401, "UNAUTHORIZED");
        assertError(http.post("/api/activities/" + id + "/attempts", null, null,
                Map.of("Authorization", "Basic abc", "Idempotency-Key", "k")), 401, "UNAUTHORIZED");
        assertError(http.attempt(id, "not-a-token", "k1"), 401, "UNAUTHORIZED");
        String good = buyer(7);
        String forged = good.substring(0, good.indexOf('.')) + ".AAAA" + good.substring(good.indexOf('.') + 5);
        assertError(http.attempt(id, forged, "k1"), 401, "UNAUTHORIZED");
        String otherClaims = good.replace(good.substring(0, good.indexOf('.')), buyer(8).substring(0,
                buyer(8).indexOf('.')));
        assertError(http.attempt(id, otherClaims, "k1"), 401, "UNAUTHORIZED");
        assertError(http.attempt(id, app.expiredToken(7), "k1"), 401, "UNAUTHORIZED");
        assertError(http.get("/api/activities/" + id + "/audit", good), 403, "FORBIDDEN");
        assertError(http.post("/api/activities", good, "{\"id\": 99999, \"stock\": 1}"), 403, "FORBIDDEN");
        assertError(http.attempt(id, admin, "k1"), 403, "FORBIDDEN");
        assertThat(ledger(id)).isEqualTo(before);
    }

    @Test
    void demoTokensOnlyInDemoMode() {
        Http.Answer t = http.post("/api/demo/tokens", null, "{\"userId\": 123}");
        assertThat(t.status()).isEqualTo(200);
        assertThat(http.get("/api/orders/1", t.json().get("token").asText()).status()).isEqualTo(404);
        assertError(http.post("/api/demo/tokens", null, "{\"userId\": -1}"), 400, "BAD_REQUEST");
        assertError(http.post("/api/demo/tokens", null, "{\"role\": \"root\"}"), 400, "BAD_REQUEST");
        try (App plain = App.on(new MemoryBackend()).start()) {
            assertError(new Http(plain.port()).post("/api/demo/tokens", null, "{\"userId\": 123}"), 404, "NOT_FOUND");
        }
    }

    @Test
    void creatingAnActivityChecksEveryField() {
        Instant s = Instant.now();
        Instant e = s.plusSeconds(60);
        String ok = "\"startsAt\": \"" + s + "\", \"endsAt\": \"" + e + "\"";
        int before = http.get("/api/activities", null).json().size();
        Map<String, String> bad = Map.ofEntries(
                Map.entry("{\"stock\": 1, " + ok + "}", "id"),
                Map.entry("{\"id\": -5, \"stock\": 1, " + ok + "}", "id"),
                Map.entry("{\"id\": 99999999999999999999, \"stock\": 1, " + ok + "}", "id"),
                Map.entry("{\"id\": 5.5, \"stock\": 1, " + ok + "}", "id"),
                Map.entry("{\"id\": 5001, \"stock\": \"ten\", " + ok + "}", "stock"),
                Map.entry("{\"id\": 5001, \"stock\": -1, " + ok + "}", "stock"),
                Map.entry("{\"id\": 5001, \"stock\": 100000000000, " + ok + "}", "stock"),
                Map.entry("{\"id\": 5001, \"stock\": 1, \"endsAt\": \"" + e + "\"}", "startsAt"),
                Map.entry("{\"id\": 5001, \"stock\": 1, \"startsAt\": \"yesterday\", \"endsAt\": \"" + e + "\"}",
                        "startsAt"),
                Map.entry("{\"id\": 5001, \"stock\": 1, \"startsAt\": \"" + e + "\", \"endsAt\": \"" + s + "\"}",
                        "endsAt"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + ", \"shards\": 65}", "shards"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + ", \"strategy\": \"fastest\"}", "strategy"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + ", \"giveBack\": \"\u8fd4\u8fd8\"}", "giveBack"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + ", \"paymentTimeoutSeconds\": 0}",
                        "paymentTimeoutSeconds"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + ", \"waitlistCapacity\": 0}", "waitlistCapacity"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + "", "body"),
                Map.entry("[1, 2]", "body"),
                Map.entry("null", "body"),
                Map.entry("{\"id\": 5001, \"stock\": 1, " + ok + "} trailing", "body"));
        bad.forEach((json, field) -> {
            Http.Answer a = http.post("/api/activities", admin, json);
            assertError(a, 400, "BAD_REQUEST");
            assertThat(a.json().path("field").asText()).as(json).isEqualTo(field);
        });
        assertError(http.post("/api/activities", admin, "{\"id\": 5001}", Map.of("Content-Type", "text/plain")),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(http.post("/api/activities", admin, "{\"pad\": \"" + "x".repeat(20_000) + "\"}"), 413,
                "TOO_LARGE");
        assertThat(http.get("/api/activities", null).json().size()).as("nothing created").isEqualTo(before);
        long id = activity(3, s.minusSeconds(1), e, ", \"shards\": 2, \"strategy\": \"stealing\", \"giveBack\":"
                + " \"WAITLIST_FIRST\"");
        assertError(http.post("/api/activities", admin, "{\"id\": " + id + ", \"stock\": 9, " + ok + "}"), 409,
                "EXISTS");
        JsonNode read = http.get("/api/activities/" + id, null).json();
        assertThat(read.get("stock").asLong()).isEqualTo(3);
        assertThat(read.get("state").asText()).isEqualTo("OPEN");
        assertThat(read.get("remaining").asLong()).isEqualTo(3);
        assertThat(read.get("giveBack").asText()).isEqualTo("WAITLIST_FIRST");
        assertThat(Instant.parse(read.get("serverTime").asText())).isCloseTo(Instant.now(),
                org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
        assertError(http.get("/api/activities/424242", null), 404, "NOT_FOUND");
        assertError(http.get("/api/activities/-3", null), 404, "NOT_FOUND");
        assertError(http.get("/api/activities/abc", null), 404, "NOT_FOUND");
    }

    @Test
    void attemptsAnswerEveryOutcome() throws Exception {
        long id = openActivity(2);
        String alice = buyer(101);
        Http.Answer first = http.attempt(id, alice, "alice-1");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("orderId").isTextual()).as("order ids are strings").isTrue();
        assertThat(first.json().get("status").asText()).isEqualTo("QUEUED");
        Http.Answer again = http.attempt(id, alice, "alice-1");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("orderId").asText()).isEqualTo(first.json().get("orderId").asText());
        Http.Answer duplicate = http.attempt(id, alice, "alice-2");
        assertError(duplicate, 409, "DUPLICATE");
        assertThat(duplicate.json().get("orderId").asText()).isEqualTo(first.json().get("orderId").asText());
        assertThat(http.attempt(id, buyer(102), "bob \u00e9\"'{}").status()).as("any printable key")
                .isEqualTo(400);
        assertThat(http.attempt(id, buyer(102), "bob-!@#$%^&*()").status()).isEqualTo(202);
        assertError(http.attempt(id, buyer(103), "carol"), 410, "SOLD_OUT");
        settled(id, 2);
        String before = ledger(id);
        assertError(http.post("/api/activities/" + id + "/attempts", buyer(104), null), 400, "BAD_REQUEST");
        assertError(http.attempt(id, buyer(104), "x".repeat(65)), 400, "BAD_REQUEST");
        assertError(http.attempt(987654, buyer(104), "k"), 404, "NOT_FOUND");
        assertThat(ledger(id)).isEqualTo(before);

        long later = activity(5, Instant.now().plusSeconds(120), Instant.now().plusSeconds(600), "");
        Http.Answer early = http.attempt(later, buyer(105), "k");
        assertError(early, 425, "NOT_STARTED");
        assertThat(Long.parseLong(early.header("Retry-After"))).isBetween(100L, 125L);
        long over = activity(5, Instant.now().minusSeconds(120), Instant.now().plusMillis(300), "");
        Thread.sleep(500);
        assertError(http.attempt(over, buyer(105), "k"), 410, "ENDED");
        assertThat(ledger(later)).contains("{}");
    }

    @Test
    void aBuyerWhoseAnswerWasLostFindsTheOrderAfterTheSellOut() {
        long id = openActivity(1);
        String alice = buyer(111);
        Http.Answer first = http.attempt(id, alice, "lost-answer");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertError(http.attempt(id, buyer(112), "bob"), 410, "SOLD_OUT");
        // From the sold-out flag, without a look-up: the retry cannot tell alice she holds the unit ...
        assertError(http.attempt(id, alice, "lost-answer"), 410, "SOLD_OUT");
        // ... her order in the activity can
        Http.Answer mine = http.get("/api/activities/" + id + "/order", alice);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().get("orderId").asText()).isEqualTo(first.json().get("orderId").asText());
        assertError(http.get("/api/activities/" + id + "/order", buyer(112)), 404, "NOT_FOUND");
        assertError(http.get("/api/activities/987654/order", alice), 404, "NOT_FOUND");
        assertError(http.get("/api/activities/" + id + "/order", null), 401, "UNAUTHORIZED");
    }

    @Test
    void aBuyerHammeringTheButtonIsThrottled() {
        try (App limited = App.on(new MemoryBackend()).rateLimits(2, 1_000).start()) {
            Http h = new Http(limited.port());
            String adminToken = limited.adminToken();
            Instant now = Instant.now();
            assertThat(h.post("/api/activities", adminToken, "{\"id\": 1, \"stock\": 100, \"startsAt\": \""
                    + now.minusSeconds(1) + "\", \"endsAt\": \"" + now.plusSeconds(60) + "\"}").status()).isEqualTo(201);
            String token = limited.buyerToken(9);
            int throttled = 0;
            for (int i = 0; i < 6; i++) {
                Http.Answer a = h.attempt(1, token, "same-key");
                if (a.status() == 429) {
                    throttled++;
                    assertThat(a.code()).isEqualTo("THROTTLED");
                    assertThat(a.header("Retry-After")).isEqualTo("1");
                }
            }
            assertThat(throttled).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void ordersAreTheirBuyersOwn() throws Exception {
        long id = openActivity(3);
        String alice = buyer(201);
        String bob = buyer(202);
        String orderId = http.attempt(id, alice, "a").json().get("orderId").asText();
        settled(id, 1);
        JsonNode mine = http.get("/api/orders/" + orderId, alice).json();
        assertThat(mine.get("status").asText()).isEqualTo("PENDING_PAYMENT");
        assertThat(mine.get("userId").asLong()).isEqualTo(201);
        assertThat(mine.get("activityId").asLong()).isEqualTo(id);
        assertThat(Instant.parse(mine.get("payBefore").asText())).isAfter(Instant.now());
        String before = ledger(id);
        assertError(http.get("/api/orders/" + orderId, bob), 404, "NOT_FOUND");
        assertError(http.post("/api/orders/" + orderId + "/payment", bob, "{\"outcome\": \"SUCCESS\"}"), 404,
                "NOT_FOUND");
        assertError(http.post("/api/orders/" + orderId + "/cancel", bob, null), 404, "NOT_FOUND");
        assertError(http.get("/api/orders/" + orderId + "/events", bob), 404, "NOT_FOUND");
        assertError(http.get("/api/orders/" + orderId + "/events", alice), 406, "NOT_ACCEPTABLE");
        assertError(http.get("/api/orders/12345", alice), 404, "NOT_FOUND");
        assertError(http.get("/api/orders/-1", alice), 404, "NOT_FOUND");
        assertError(http.post("/api/orders/" + orderId + "/payment", alice, "{\"outcome\": \"MAYBE\"}"), 400,
                "BAD_REQUEST");
        assertError(http.post("/api/orders/" + orderId + "/payment", alice, "{\"outcome\": 1}"), 400,
                "BAD_REQUEST");
        assertError(http.post("/api/orders/" + orderId + "/payment", alice, "{oops"), 400, "BAD_REQUEST");
        assertThat(ledger(id)).isEqualTo(before);
        assertThat(http.get("/api/orders/" + orderId, admin).json().get("userId").asLong()).isEqualTo(201);

        Http.Answer paid = http.post("/api/orders/" + orderId + "/payment", alice, "{\"outcome\": \"SUCCESS\"}");
        assertThat(paid.json().get("status").asText()).isEqualTo("PAID");
        Http.Answer replay = http.post("/api/orders/" + orderId + "/payment", alice, "{\"outcome\": \"SUCCESS\"}");
        assertThat(replay.status()).as("callbacks are retried").isEqualTo(200);
        assertError(http.post("/api/orders/" + orderId + "/cancel", alice, null), 409, "ALREADY_PAID");
        assertError(http.post("/api/orders/" + orderId + "/cancel", admin, "{}"), 400, "BAD_REQUEST");
        Http.Answer refunded = http.post("/api/orders/" + orderId + "/cancel", admin,
                "{\"reason\": \"risk: stolen card\"}");
        assertThat(refunded.json().get("status").asText()).isEqualTo("REFUND_REQUIRED");

        String other = http.attempt(id, bob, "b").json().get("orderId").asText();
        settled(id, 2);
        assertThat(http.post("/api/orders/" + other + "/cancel", bob, null).json().get("status").asText())
                .isEqualTo("CANCELLED");
        assertThat(app.backend().ledger().stock(id).orElseThrow().available()).isEqualTo(3);
    }

    @Test
    void theEventsStreamEndsWithTheFinalStatus() throws Exception {
        long id = openActivity(2);
        String alice = buyer(301);
        String orderId = http.attempt(id, alice, "a").json().get("orderId").asText();
        settled(id, 1);
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port()
                + "/api/orders/" + orderId + "/events?access_token=" + alice)).header("Accept", "text/event-stream")
                .build();
        var stream = client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        var response = stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        java.util.concurrent.LinkedBlockingQueue<String> data = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("data:")).forEach(data::add));
        reader.start();
        String firstEvent = data.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(firstEvent).contains("PENDING_PAYMENT");
        http.post("/api/orders/" + orderId + "/payment", alice, "{\"outcome\": \"SUCCESS\"}");
        String second = data.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(second).contains("\"PAID\"");
        reader.join(10_000);
        assertThat(reader.isAlive()).as("the stream ended after PAID").isFalse();
    }

    @Test
    void theWaitlistTakesSoldOutBuyers() throws Exception {
        long id = activity(1, Instant.now().minusSeconds(1), Instant.now().plusSeconds(600),
                ", \"giveBack\": \"WAITLIST_FIRST\"");
        assertError(http.post("/api/activities/" + id + "/waitlist", buyer(401), null), 409, "NOT_SOLD_OUT");
        String orderId = http.attempt(id, buyer(402), "k").json().get("orderId").asText();
        settled(id, 1);
        Http.Answer joined = http.post("/api/activities/" + id + "/waitlist", buyer(401), null);
        assertThat(joined.status()).isEqualTo(202);
        assertThat(joined.json().get("position").asLong()).isEqualTo(1);
        assertThat(http.post("/api/activities/" + id + "/waitlist", buyer(401), null).status()).isEqualTo(200);
        assertError(http.post("/api/activities/" + id + "/waitlist", buyer(402), null), 409, "HAS_ORDER");
        http.post("/api/orders/" + orderId + "/payment", buyer(402), "{\"outcome\": \"FAILURE\"}");
        settled(id, 2);
        assertThat(app.backend().ledger().countOrders(id)).containsEntry(OrderStatus.PENDING_PAYMENT, 1L)
                .containsEntry(OrderStatus.CLOSED, 1L);
    }

    @Test
    void adminsAuditAndReconcile() throws Exception {
        long id = openActivity(4);
        http.attempt(id, buyer(501), "k");
        settled(id, 1);
        Http.Answer audit = http.get("/api/activities/" + id + "/audit", admin);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get("clean").asBoolean()).as(audit.body()).isTrue();
        Http.Answer run = http.post("/api/activities/" + id + "/reconcile", admin, null);
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().get("outcome").asText()).isIn("RECONCILED", "SKIPPED_LEASE_HELD");
    }

    @Test
    void operationalEndpointsAndUnknownPaths() {
        assertThat(http.get("/health", null).status()).isEqualTo(200);
        assertThat(http.get("/ready", null).json().get("status").asText()).isEqualTo("UP");
        Http.Answer metrics = http.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
        assertError(http.get("/api/nothing-here", null), 404, "NOT_FOUND");
        assertThat(http.get("/", null).body()).contains("Flash sales");
        for (String page : List.of("/dashboard", "/activities/1", "/app.css", "/common.js",
                "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")) {
            assertThat(http.get(page, null).status()).as(page).isEqualTo(200);
        }
    }
}
