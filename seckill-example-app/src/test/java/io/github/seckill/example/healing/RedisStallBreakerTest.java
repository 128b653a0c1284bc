package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.SeckillException;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.event.BreakerState;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisServer;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Redis stalls (CLIENT PAUSE for 10 s): commands time out, the breaker counts them and opens within its window,
 * attempts are answered degraded meanwhile, and once the pause ends the breaker probes, closes and the reconciler
 * runs.
 */
@WithKafka
@WithMariaDb
class RedisStallBreakerTest {

    private record Transition(long atNanos, BreakerState from, BreakerState to) {}

    @Test
    void aStalledRedisOpensTheBreakerAndItClosesAfterTheStall(KafkaEndpoint kafka, MariaDbEndpoint db)
            throws Exception {
        List<Transition> transitions = new CopyOnWriteArrayList<>();
        List<Long> reconciledAt = new CopyOnWriteArrayList<>();
        SeckillListener events = new SeckillListener() {
            @Override
            public void admissionBreakerChanged(long activityId, BreakerState from, BreakerState to) {
                transitions.add(new Transition(System.nanoTime(), from, to));
            }

            @Override
            public void reconciled(ReconciliationReport report) {
                reconciledAt.add(System.nanoTime());
            }
        };
        try (RedisServer server = RedisServer.builder().start();
                SaleRig rig = new SaleRig(server.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults()
                        .withRedis(b -> b.commandTimeout(Duration.ofMillis(300)))
                        .withEngine(b -> b.degradedAdmission(DegradedAdmission.builder()
                                .mode(DegradedAdmission.Mode.RANDOM_GATE).passRatio(1.0)
                                .retryBackendAfter(Duration.ofSeconds(1)).build()))
                        .every(Duration.ofSeconds(60))
                        .listening(events))) {
            ActivityConfig activity = rig.launch(100_000, 4);
            long id = activity.activityId();
            AtomicBoolean buying = new AtomicBoolean(true);
            AtomicLong nextUser = new AtomicLong(1);
            LongAdder degradedDuringStall = new LongAdder();
            AtomicBoolean stalled = new AtomicBoolean();
            ExecutorService buyers = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                buyers.submit(() -> {
                    while (buying.get()) {
                        long user = nextUser.getAndIncrement();
                        try {
                            AttemptResult r = rig.sale.attempt(id, user, "r");
                            if (stalled.get() && r instanceof AttemptResult.Admitted a && a.degraded()) {
                                degradedDuringStall.increment();
                            }
                        } catch (SeckillException e) {
                            // timeouts before the breaker opens
                        }
                        sleep(5);
                    }
                });
            }
            sleep(1_000);
            long stallStart = System.nanoTime();
            stalled.set(true);
            pause(server.uri(), 10_000);
            sleep(10_000);
            stalled.set(false);
            long stallEnd = System.nanoTime();
            sleep(6_000);
            buying.set(false);
            buyers.shutdown();

            Transition opened = transitions.stream().filter(t -> t.to() == BreakerState.OPEN).findFirst()
                    .orElseThrow(() -> new AssertionError("the breaker never opened: " + transitions));
            assertThat(Duration.ofNanos(opened.atNanos() - stallStart)).as("opened within its 5 s window")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(degradedDuringStall.sum()).as("degraded answers flowed during the stall").isPositive();
            Transition closed = transitions.stream()
                    .filter(t -> t.from() == BreakerState.HALF_OPEN && t.to() == BreakerState.CLOSED
                            && t.atNanos() > stallEnd)
                    .findFirst().orElseThrow(() -> new AssertionError("the breaker never closed: " + transitions));
            assertThat(Duration.ofNanos(closed.atNanos() - stallEnd)).as("closed soon after the stall")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(reconciledAt).as("a reconciliation ran after the breaker closed")
                    .anyMatch(at -> at >= closed.atNanos());
            assertThat(rig.soldOrLocked(id)).isLessThanOrEqualTo(100_000);
        }
    }

    private static void pause(String uri, long millis) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().clientPause(millis);
        } finally {
            client.shutdown();
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
