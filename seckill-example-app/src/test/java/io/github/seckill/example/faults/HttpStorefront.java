package io.github.seckill.example.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seckill.example.faults.FaultSale.Answer;
import io.github.seckill.example.faults.FaultSale.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Buyers over HTTP against instances of the app, as behind a load balancer: each buyer has a home instance (by user
 * id), and an instance that did not answer is left out for a second, so that a buyer's retry with the same
 * Idempotency-Key goes to another.
 */
final class HttpStorefront implements FaultSale.Storefront {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SKIP_NANOS = Duration.ofSeconds(1).toNanos();

    private final List<String> instances;
    private final long activityId;
    private final LongFunction<String> tokens;
    private final Map<Long, String> tokenOf = new ConcurrentHashMap<>();
    private final AtomicLongArray downUntil;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "fault-sale-http");
                t.setDaemon(true);
                return t;
            })).build();

    /**
     * @param instances base URLs, e.g. {@code http://127.0.0.1:8080}
     * @param tokens a buyer token for a user id, valid on every instance
     */
    HttpStorefront(List<String> instances, long activityId, LongFunction<String> tokens) {
        this.instances = List.copyOf(instances);
        this.activityId = activityId;
        this.tokens = tokens;
        this.downUntil = new AtomicLongArray(instances.size());
    }

    @Override
    public Answer attempt(long userId, String requestId) {
        HttpResponse<String> r;
        try {
            r = send(userId, "/api/activities/" + activityId + "/attempts", null, requestId);
        } catch (IOException e) {
            return new Answer(Kind.UNREACHABLE, 0);
        }
        JsonNode body = json(r.body());
        String code = body.path("code").asText();
        return switch (r.statusCode()) {
            case 202 -> new Answer(Kind.QUEUED, Long.parseLong(body.path("orderId").asText()));
            case 409 -> "DUPLICATE".equals(code) ? new Answer(Kind.DUPLICATE, body.path("orderId").asLong())
                    : new Answer(Kind.OTHER, 0);
            case 410 -> "SOLD_OUT".equals(code) ? new Answer(Kind.SOLD_OUT, 0) : new Answer(Kind.OTHER, 0);
            case 429 -> new Answer(Kind.THROTTLED, 0);
            case 503 -> "OUTCOME_UNKNOWN".equals(code) ? new Answer(Kind.OUTCOME_UNKNOWN, 0)
                    : new Answer(Kind.UNAVAILABLE, 0);
            default -> new Answer(Kind.OTHER, 0);
        };
    }

    @Override
    public boolean pay(long orderId, long userId, boolean success) {
        try {
            HttpResponse<String> r = send(userId, "/api/orders/" + orderId + "/payment",
                    "{\"outcome\": \"" + (success ? "SUCCESS" : "FAILURE") + "\"}", null);
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(long userId, String path, @Nullable String body, @Nullable String idempotencyKey)
            throws IOException {
        int home = (int) Math.floorMod(userId, (long) instances.size());
        int chosen = home;
        long now = System.nanoTime();
        for (int i = 0; i < instances.size(); i++) {
            int candidate = (home + i) % instances.size();
            if (downUntil.get(candidate) <= now) {
                chosen = candidate;
                break;
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(instances.get(chosen) + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokenOf.computeIfAbsent(userId, tokens::apply))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            downUntil.set(chosen, System.nanoTime() + SKIP_NANOS);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
