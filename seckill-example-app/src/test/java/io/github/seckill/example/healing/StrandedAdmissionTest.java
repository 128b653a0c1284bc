package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisServer;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Admissions Redis made that never reached the queue: their buyers, clicking again, are told "duplicate" with the
 * order id, and after the grace the reconciler queues those orders again from what Redis recorded, so each ends as a
 * real ledger row and no unit is lost.
 */
@WithKafka
@WithMariaDb
class StrandedAdmissionTest {

    private static final int BUYERS = 12;

    @Test
    void answersLostToAPausedRedisEndAsLedgerRows(KafkaEndpoint kafka, MariaDbEndpoint db) throws Exception {
        try (RedisServer server = RedisServer.builder().start();
                SaleRig rig = new SaleRig(server.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults()
                        .withRedis(b -> b.commandTimeout(Duration.ofMillis(300)))
                        .withReconciler(b -> b.strandedAfter(Duration.ofSeconds(2)))
                        .every(Duration.ofMillis(300)))) {
            ActivityConfig activity = rig.launch(50, 2);
            long id = activity.activityId();
            pause(server.uri(), 1_500);
            ExecutorService buyers = Executors.newFixedThreadPool(BUYERS);
            List<Future<Throwable>> first = new ArrayList<>();
            for (int user = 1; user <= BUYERS; user++) {
                long u = user;
                first.add(buyers.submit(() -> {
                    try {
                        rig.sale.attempt(id, u, "first");
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            for (Future<Throwable> f : first) {
                assertThat(f.get()).as("Redis answered after the client gave up")
                        .isInstanceOf(AttemptOutcomeUnknownException.class);
            }
            buyers.shutdown();
            Thread.sleep(1_600);
            Map<Long, Long> duplicates = clickAgain(rig.sale, id);
            assertThat(duplicates).as("every buyer is held by the admission Redis made in the pause").hasSize(BUYERS);
            awaitRows(rig, duplicates);
            assertThat(rig.number("SELECT locked FROM seckill_activity WHERE activity_id = " + id)).isEqualTo(BUYERS);
            AuditReport audit = rig.audit(id);
            assertThat(audit.violations()).as(audit.toTable()).isEmpty();
            assertThat(audit.undersold()).as("no unit lost").isZero();
        }
    }

    @Test
    void anAdmissionWhosePublicationDiedWithItsJvmEndsAsALedgerRow(KafkaEndpoint kafka, MariaDbEndpoint db)
            throws Exception {
        try (RedisServer server = RedisServer.builder().start();
                SaleRig rig = new SaleRig(server.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults()
                        .withReconciler(b -> b.strandedAfter(Duration.ofSeconds(2)))
                        .every(Duration.ofMillis(300)))) {
            ActivityConfig activity = rig.launch(50, 2);
            long id = activity.activityId();
            // Another engine on the same Redis whose JVM dies while publishing: its publishes never happen.
            try (FlashSale dying = FlashSale.builder(rig.redis.admissionGate(), new VanishingQueue())
                    .publishTimeout(Duration.ofMillis(500)).build()) {
                dying.launch(activity);
                for (long user = 1; user <= BUYERS; user++) {
                    long u = user;
                    assertThatThrownBy(() -> dying.attempt(id, u, "first"))
                            .isInstanceOf(AttemptOutcomeUnknownException.class);
                }
            }
            Map<Long, Long> duplicates = clickAgain(rig.sale, id);
            assertThat(duplicates).hasSize(BUYERS);
            awaitRows(rig, duplicates);
            for (Map.Entry<Long, Long> d : duplicates.entrySet()) {
                assertThat(rig.lifecycle.poll(d.getValue(), d.getKey()).processing()).as("processing ends").isFalse();
            }
            // The units are sold for real: paying them and selling the rest leaves nothing unsold.
            duplicates.values().forEach(rig.lifecycle::paymentSucceeded);
            for (long user = 100; user < 200; user++) {
                AttemptResult r = rig.sale.attempt(id, user, "buy");
                if (r instanceof AttemptResult.Admitted a) {
                    awaitRow(rig, a.orderId(), user);
                    rig.lifecycle.paymentSucceeded(a.orderId());
                }
            }
            assertThat(rig.number("SELECT sold FROM seckill_activity WHERE activity_id = " + id)).isEqualTo(50);
            assertThat(rig.audit(id).violations()).isEmpty();
        }
    }

    private static Map<Long, Long> clickAgain(FlashSale sale, long activity) {
        Map<Long, Long> duplicates = new HashMap<>();
        for (long user = 1; user <= BUYERS; user++) {
            AttemptResult r = sale.attempt(activity, user, "second");
            if (r instanceof AttemptResult.Duplicate d && d.existingOrderId() != 0) {
                duplicates.put(user, d.existingOrderId());
            }
        }
        return duplicates;
    }

    private static void awaitRows(SaleRig rig, Map<Long, Long> orders) throws InterruptedException {
        for (Map.Entry<Long, Long> o : orders.entrySet()) {
            awaitRow(rig, o.getValue(), o.getKey());
        }
    }

    private static void awaitRow(SaleRig rig, long orderId, long user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            OrderRecord row = rig.ledger.findOrder(orderId, user).orElse(null);
            if (row != null) {
                assertThat(row.status()).isIn(OrderStatus.PENDING_PAYMENT, OrderStatus.PAID);
                return;
            }
            assertThat(System.nanoTime()).as("order %d of user %d in the ledger", orderId, user)
                    .isLessThan(deadline);
            Thread.sleep(50);
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

    /** A queue whose process dies while publishing: nothing is ever answered, nothing compensated. */
    private static final class VanishingQueue implements OrderQueue {
        final Set<Long> swallowed = ConcurrentHashMap.newKeySet();

        @Override
        public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
            swallowed.add(message.orderId());
            return new CompletableFuture<>();
        }

        @Override
        public QueueConsumer consume(OrderBatchHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
