package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.SeckillException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.testservers.KafkaBroker;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker is down: once the queue's breaker opened, attempts fail fast with {@link OrderNotQueuedException} before
 * they take any stock; the asynchronous path answers hundreds of concurrent attempts within the publish timeout,
 * because no shared thread ever blocks in {@code send}; when the broker is back, the breaker closes again.
 */
@WithRedis
@WithMariaDb
class KafkaDownFailFastTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void attemptsFailFastWithoutTakingStockWhileTheBrokerIsDown(RedisEndpoint redis, MariaDbEndpoint db)
            throws Exception {
        try (KafkaBroker broker = KafkaBroker.builder().start();
                SaleRig rig = new SaleRig(redis.uri(), broker.bootstrapServers(), db, SaleRig.Tuning.defaults()
                        .withQueue(b -> b.publishTimeout(PUBLISH_TIMEOUT))
                        .withEngine(b -> b.queueBreaker(CircuitBreakerConfig.from(
                                FlashSale.defaultQueueBreaker(PUBLISH_TIMEOUT))
                                .waitDurationInOpenState(Duration.ofSeconds(30)).build())))) {
            ActivityConfig activity = rig.launch(1_000, 4);
            long id = activity.activityId();
            assertThat(rig.sale.attempt(id, 1, "warm").isAdmitted()).isTrue();
            broker.stop();
            long user = 10;
            for (int i = 0; i < 6; i++) {
                long u = user++;
                assertThatThrownBy(() -> rig.sale.attempt(id, u, "r")).isInstanceOf(OrderNotQueuedException.class);
            }
            long before = remaining(rig, id);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long u = user++;
                long start = System.nanoTime();
                assertThatThrownBy(() -> rig.sale.attempt(id, u, "r")).isInstanceOf(OrderNotQueuedException.class);
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            assertThat(millis).as("answered at once once the breaker is open").allMatch(ms -> ms < 50);
            assertThat(remaining(rig, id)).as("no Redis unit is held by them").isEqualTo(before);
            broker.start();
        }
    }

    @Test
    void theAsyncPathAnswersEveryConcurrentAttemptWithinThePublishTimeout(RedisEndpoint redis, MariaDbEndpoint db)
            throws Exception {
        try (KafkaBroker broker = KafkaBroker.builder().start();
                SaleRig rig = new SaleRig(redis.uri(), broker.bootstrapServers(), db, SaleRig.Tuning.defaults()
                        .withQueue(b -> b.publishTimeout(PUBLISH_TIMEOUT)))) {
            ActivityConfig activity = rig.launch(1_000, 4);
            long id = activity.activityId();
            broker.stop();
            long start = System.nanoTime();
            List<CompletableFuture<AttemptResult>> attempts = new ArrayList<>();
            for (int user = 1; user <= 256; user++) {
                attempts.add(rig.sale.attemptAsync(id, user, "r", 1).toCompletableFuture());
            }
            int failed = 0;
            for (CompletableFuture<AttemptResult> a : attempts) {
                try {
                    a.get(PUBLISH_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(SeckillException.class);
                    failed++;
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(failed).as("nothing was queued").isEqualTo(256);
            assertThat(elapsed).as("every answer within the publish timeout plus slack")
                    .isLessThan(PUBLISH_TIMEOUT.toMillis() + 2_000);
            assertThat(remaining(rig, id)).as("every compensation gave its unit back").isEqualTo(1_000);

            broker.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean admitted = false;
            for (long user = 1_000; !admitted && System.nanoTime() < deadline; user++) {
                try {
                    admitted = rig.sale.attempt(id, user, "back").isAdmitted();
                } catch (SeckillException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(admitted).as("admitting again once the broker is back").isTrue();
        }
    }

    private static long remaining(SaleRig rig, long id) {
        return Arrays.stream(rig.sale.remaining(id)).sum();
    }
}
