package io.github.seckill.example.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A small HTTP client for the app's tests: JSON in, JSON (or text) out. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer: status, headers and the body, parsed when it is JSON. */
    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Requests.JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String code() {
            return json().path("code").asText();
        }

        @Nullable String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String body() {
            return raw.body();
        }
    }

    Answer get(String path, @Nullable String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, Map.of());
    }

    Answer post(String path, @Nullable String token, @Nullable String json) {
        return post(path, token, json, Map.of());
    }

    Answer post(String path, @Nullable String token, @Nullable String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        return send(b, token, headers);
    }

    Answer attempt(long activity, String token, String key) {
        return post("/api/activities/" + activity + "/attempts", token, null, Map.of("Idempotency-Key", key));
    }

    private Answer send(HttpRequest.Builder b, @Nullable String token, Map<String, String> headers) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
