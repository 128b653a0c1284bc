package io.github.seckill.example.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.example.backend.RemoteBackend;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two {@code serve} instances on the same servers are one sale: an activity created on one is bought on the other,
 * each answers for orders the other admitted, and a payment taken by one is what the other reports.
 */
@WithRedis
@WithKafka
@WithMariaDb
class TwoInstancesTest {

    private static final byte[] SECRET = "a secret both instances share, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void twoInstancesOnTheSameServersAreOneSale(RedisEndpoint redis, KafkaEndpoint kafka, MariaDbEndpoint db)
            throws Exception {
        MariaDbEndpoint fresh = db.createFreshDatabase("twoapps");
        try (App a = App.on(new RemoteBackend(redis.uri(), kafka.bootstrapServers(), fresh.jdbcUrl(), fresh.user(),
                        fresh.password())).tokenSecret(SECRET).start();
                App b = App.on(new RemoteBackend(redis.uri(), kafka.bootstrapServers(), fresh.jdbcUrl(), fresh.user(),
                        fresh.password())).tokenSecret(SECRET).start()) {
            Http onA = new Http(a.port());
            Http onB = new Http(b.port());
            long id = Tck.uniqueId() % 1_000_000_000L;
            Instant now = Instant.now();
            Http.Answer created = onA.post("/api/activities", a.adminToken(), "{\"id\": " + id + ", \"stock\": 2,"
                    + " \"startsAt\": \"" + now.minusSeconds(1) + "\", \"endsAt\": \"" + now.plusSeconds(600) + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(onB.post("/api/activities", b.adminToken(), "{\"id\": " + id + ", \"stock\": 9, \"startsAt\": \""
                    + now + "\", \"endsAt\": \"" + now.plusSeconds(60) + "\"}").status()).as("the id is taken")
                    .isEqualTo(409);
            assertThat(onB.get("/api/activities/" + id, null).json().get("stock").asLong()).isEqualTo(2);

            String alice = b.buyerToken(11);
            Http.Answer bought = onB.attempt(id, alice, "alice");
            assertThat(bought.status()).as(bought.body()).isEqualTo(202);
            String orderId = bought.json().get("orderId").asText();
            assertThat(onA.attempt(id, a.buyerToken(11), "alice-again").code()).as("one order per buyer, whichever"
                    + " instance").isEqualTo("DUPLICATE");
            assertThat(onA.attempt(id, a.buyerToken(12), "bob").status()).isEqualTo(202);
            assertThat(onA.attempt(id, a.buyerToken(13), "carol").code()).isEqualTo("SOLD_OUT");

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"PENDING_PAYMENT".equals(onA.get("/api/orders/" + orderId, a.buyerToken(11)).json()
                    .path("status").asText())) {
                assertThat(System.nanoTime()).as("settled").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(onB.post("/api/orders/" + orderId + "/payment", alice, "{\"outcome\": \"SUCCESS\"}").json()
                    .get("status").asText()).isEqualTo("PAID");
            assertThat(onA.get("/api/orders/" + orderId, a.buyerToken(11)).json().get("status").asText())
                    .isEqualTo("PAID");
            assertThat(onA.get("/api/activities/" + id + "/audit", a.adminToken()).json().get("clean").asBoolean())
                    .isTrue();
        }
    }
}
