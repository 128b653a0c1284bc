package io.github.seckill.example.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bearer tokens: what verifies, and every way a token is refused. */
class TokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");
    private final Tokens tokens = new Tokens(SECRET, InstantSource.fixed(NOW));

    @Test
    void aTokenVerifiesAsItsPrincipal() {
        assertThat(tokens.verify(tokens.issue(new Principal(42, Principal.Role.BUYER), Duration.ofMinutes(5))))
                .contains(new Principal(42, Principal.Role.BUYER));
        assertThat(tokens.verify(tokens.issue(new Principal(0, Principal.Role.ADMIN), Duration.ofMinutes(5))))
                .contains(new Principal(0, Principal.Role.ADMIN));
    }

    @Test
    void expiredForgedAndMalformedTokensAreRefused() {
        String valid = tokens.issue(new Principal(42, Principal.Role.BUYER), Duration.ofMinutes(5));
        assertThat(tokens.verify(tokens.issue(new Principal(42, Principal.Role.BUYER), Duration.ofSeconds(-1))))
                .isEmpty();
        assertThat(new Tokens(SECRET, InstantSource.fixed(NOW.plusSeconds(301))).verify(valid)).isEmpty();
        Tokens other = new Tokens("another secret, 32 bytes long!!!".getBytes(StandardCharsets.UTF_8),
                InstantSource.fixed(NOW));
        assertThat(other.verify(valid)).isEmpty();
        String body = valid.substring(0, valid.indexOf('.'));
        String signature = valid.substring(valid.indexOf('.') + 1);
        assertThat(tokens.verify(signed("{\"sub\":42,\"role\":\"admin\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}")
                .replaceFirst("\\..*", "." + signature))).isEmpty();
        for (String bad : List.of("", ".", "x", body, body + ".", "." + signature, body + "." + signature + ".x",
                body + ".!!!", "!!!." + signature)) {
            assertThat(tokens.verify(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void signedClaimsOfTheWrongShapeAreRefused() {
        long exp = NOW.getEpochSecond() + 60;
        for (String claims : List.of("[]", "{}", "null", "{\"sub\":42,\"role\":\"buyer\"}",
                "{\"sub\":42,\"exp\":" + exp + "}", "{\"role\":\"buyer\",\"exp\":" + exp + "}",
                "{\"sub\":\"42\",\"role\":\"buyer\",\"exp\":" + exp + "}",
                "{\"sub\":42,\"role\":\"owner\",\"exp\":" + exp + "}",
                "{\"sub\":42,\"role\":7,\"exp\":" + exp + "}",
                "{\"sub\":0,\"role\":\"buyer\",\"exp\":" + exp + "}",
                "{\"sub\":-3,\"role\":\"buyer\",\"exp\":" + exp + "}",
                "{\"sub\":42,\"role\":\"buyer\",\"exp\":\"" + exp + "\"}",
                "{\"sub\":99999999999999999999999,\"role\":\"buyer\",\"exp\":" + exp + "}",
                "{\"sub\":42,\"role\":\"buyer\",\"exp\":" + exp,
                "not json")) {
            assertThat(tokens.verify(signed(claims))).as(claims).isEmpty();
        }
        assertThat(tokens.verify(signed("{\"exp\":" + exp + ",\"extra\":{\"a\":[1,2]},\"role\":\"buyer\",\"sub\":7}")))
                .contains(new Principal(7, Principal.Role.BUYER));
    }

    @Test
    void verifiesFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int from = t * 1_000;
                all.add(pool.submit(() -> {
                    for (long user = from + 1; user <= from + 1_000; user++) {
                        String token = tokens.issue(new Principal(user, Principal.Role.BUYER), Duration.ofMinutes(1));
                        seen.add(tokens.verify(token).orElseThrow().userId());
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            assertThat(seen).hasSize(8_000);
        } finally {
            pool.shutdown();
        }
    }

    /** Claims signed with the right secret: only their shape can be wrong. */
    private String signed(String claims) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tokens.signature(body));
    }
}
