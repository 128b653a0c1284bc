package io.github.seckill.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.server.App;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code seckill-app tokens}: the tokens it mints are the ones an app signing with the same secret accepts. */
class TokensCommandTest {

    private static final String SECRET = "a-secret-every-instance-shares-0123456789";

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new SeckillApp());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void mintedTokensAreAcceptedByAnAppWithTheSameSecretOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens.txt");
        assertThat(run(new StringWriter(), "tokens", "--token-secret", SECRET, "--from", "5", "--to", "7", "--out",
                file.toString())).isZero();
        List<String> tokens = Files.readAllLines(file);
        assertThat(tokens).hasSize(3).doesNotHaveDuplicates();

        StringWriter other = new StringWriter();
        assertThat(run(other, "tokens", "--token-secret", SECRET.replace('a', 'b'), "--to", "1")).isZero();

        try (App app = App.on(new MemoryBackend()).tokenSecret(SECRET.getBytes(StandardCharsets.UTF_8)).start()) {
            String base = "http://127.0.0.1:" + app.port();
            String admin = app.adminToken();
            Instant start = Instant.now().minusSeconds(1);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/activities"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": 41, \"stock\": 10, \"startsAt\": \"" + start
                            + "\", \"endsAt\": \"" + start.plus(Duration.ofHours(1)) + "\"}")), admin).statusCode())
                    .isEqualTo(201);
            for (String token : tokens) {
                assertThat(attempt(base, token, "first").statusCode()).isEqualTo(202);
            }
            assertThat(attempt(base, tokens.get(0), "again").body()).contains("DUPLICATE");
            assertThat(attempt(base, other.toString().strip(), "first").statusCode()).isEqualTo(401);
            HttpResponse<String> order = send(HttpRequest.newBuilder(URI.create(base + "/api/activities/41")).GET(),
                    admin);
            assertThat(order.body()).contains("\"remaining\":7");
        }
    }

    @Test
    void refusesAShortSecretAndAnEmptyRange() {
        assertThat(run(new StringWriter(), "tokens", "--token-secret", "short", "--to", "3")).isEqualTo(2);
        assertThat(run(new StringWriter(), "tokens", "--token-secret", SECRET, "--from", "4", "--to", "3"))
                .isEqualTo(2);
        assertThat(run(new StringWriter(), "tokens", "--token-secret", SECRET, "--from", "0", "--to", "3"))
                .isEqualTo(2);
    }

    private static HttpResponse<String> attempt(String base, String token, String key) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/activities/41/attempts"))
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
        return HttpClient.newHttpClient().send(b.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
