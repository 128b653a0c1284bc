package io.github.seckill.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrk driver against small HTTP servers of the test's own that count what arrives: every buyer of the token file
 * attempts exactly once with its own key, every tenth clicks again with another, the requests spread over the base
 * URLs, and the round adds up what wrk's threads saw.
 */
class WrkSaleTest {

    private static final int BUYERS = 3_000;
    private static final long STOCK = 100;

    private final List<HttpServer> servers = new ArrayList<>();
    /** Idempotency-Key to the tokens that sent it (each must be one). */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final AtomicInteger repeatedKeys = new AtomicInteger();
    private final AtomicLong stockLeft = new AtomicLong(STOCK);
    private final Map<String, AtomicInteger> perServer = new ConcurrentHashMap<>();
    private final AtomicInteger health = new AtomicInteger();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static boolean wrkInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI serve(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/health", x -> {
            health.incrementAndGet();
            answer(x, 200, "{\"status\":\"UP\"}");
        });
        server.createContext("/api/activities/42/attempts", x -> {
            perServer.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            String key = x.getRequestHeaders().getFirst("Idempotency-Key");
            String token = x.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(x.getRequestMethod()) || key == null || token == null) {
                answer(x, 400, "{}");
                return;
            }
            if (keys.putIfAbsent(key, token) != null) {
                repeatedKeys.incrementAndGet();
            }
            boolean admitted = key.startsWith("a") && stockLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            answer(x, admitted ? 202 : key.startsWith("r") && stockLeft.get() > 0 ? 409 : 410, "{}");
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static Path tokens(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= BUYERS; i++) {
            lines.add("token-of-buyer-" + i);
        }
        return Files.write(dir.resolve("tokens.txt"), lines);
    }

    @Test
    void everyBuyerAttemptsOnceSpreadOverTheInstances(@TempDir Path dir) throws Exception {
        assumeThat(wrkInstalled()).as("wrk is installed (scripts/setup.sh)").isTrue();
        WrkSale sale = new WrkSale(List.of(serve("one"), serve("two")), tokens(dir), 2, 8);

        HttpRound round = sale.sale(42, 10);

        int repeats = BUYERS / 10;
        assertThat(round.attempts()).isEqualTo(BUYERS + repeats);
        assertThat(round.answered()).isEqualTo(BUYERS + repeats);
        assertThat(repeatedKeys).hasValue(0);
        assertThat(keys).hasSize(BUYERS + repeats);
        for (int line = 0; line < BUYERS; line++) {
            assertThat(keys.get("a" + line)).isEqualTo("Bearer token-of-buyer-" + (line + 1));
        }
        assertThat(keys.keySet().stream().filter(k -> k.startsWith("r"))).hasSize(repeats)
                .allSatisfy(k -> assertThat(keys.get(k)).isEqualTo(keys.get("a" + k.substring(1))));
        assertThat(perServer.get("one").get() + perServer.get("two").get()).isEqualTo(BUYERS + repeats);
        assertThat(perServer.get("one").get()).isBetween((BUYERS + repeats) / 2 - 50, (BUYERS + repeats) / 2 + 50);
        assertThat(round.byStatus().get(202)).isEqualTo(STOCK);
        assertThat(round.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(BUYERS + repeats);
        assertThat(round.byStatus().get(410)).isPositive();
        assertThat(round.admittingPerSecond()).isPositive();
        assertThat(round.soldOutPerSecond()).isPositive();
        assertThat(round.seconds()).isPositive().isLessThan(120);
        assertThat(round.timeline().get(202)).isNotNull();
        assertThat(java.util.Arrays.stream(round.timeline().get(202)).sum()).isEqualTo(STOCK);
        assertThat(java.util.Arrays.stream(round.timeline().get(410)).sum()).isEqualTo(round.byStatus().get(410));
        assertThat(round.latency()).hasSize(2).allSatisfy(l -> assertThat(l.p99()).isPositive());
    }

    @Test
    void theCeilingSendsTheSameHeadersToHealthForItsDuration(@TempDir Path dir) throws Exception {
        assumeThat(wrkInstalled()).as("wrk is installed (scripts/setup.sh)").isTrue();
        WrkSale sale = new WrkSale(List.of(serve("one")), tokens(dir), 2, 8);

        HttpRound round = sale.ceiling(Duration.ofSeconds(2));

        assertThat(round.byStatus()).containsOnlyKeys(200);
        assertThat(round.answered()).isEqualTo(round.byStatus().get(200)).isPositive();
        assertThat(health.get()).isGreaterThanOrEqualTo((int) round.answered());
        assertThat(perServer).isEmpty();
        assertThat(round.seconds()).isBetween(1.0, 10.0);
        assertThat(round.answersPerSecond()).isPositive();
    }
}
