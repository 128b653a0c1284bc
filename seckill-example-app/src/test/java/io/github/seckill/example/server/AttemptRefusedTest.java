package io.github.seckill.example.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.example.backend.ActivityCatalog;
import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.NotQueuedHandler;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.status.OrderStatusFeed;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An attempt the pipeline cannot queue is answered 503 with Retry-After, as JSON, and its admission is given back:
 * the stock is whole again and the buyer may buy once the queue takes orders.
 */
class AttemptRefusedTest {

    @Test
    void anAttemptTheQueueRefusesIsA503AndGivesItsUnitBack() {
        MemoryBackend memory = new MemoryBackend();
        AtomicInteger refusals = new AtomicInteger(1);
        try (App app = App.on(new RefusingQueueBackend(memory, refusals)).start()) {
            Http http = new Http(app.port());
            Instant now = Instant.now();
            assertThat(http.post("/api/activities", app.adminToken(), "{\"id\": 3, \"stock\": 5, \"startsAt\": \""
                    + now.minusSeconds(1) + "\", \"endsAt\": \"" + now.plusSeconds(600) + "\"}").status())
                    .isEqualTo(201);
            String buyer = app.buyerToken(77);

            Http.Answer refused = http.attempt(3, buyer, "k-1");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("UNAVAILABLE");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(refusals.get()).isZero();
            assertThat(http.get("/api/activities/3", null).json().get("remaining").asLong()).isEqualTo(5);

            Http.Answer retried = http.attempt(3, buyer, "k-1");
            assertThat(retried.status()).as(retried.body()).isEqualTo(202);
            assertThat(http.get("/api/activities/3", null).json().get("remaining").asLong()).isEqualTo(4);
        }
    }

    /** The in-memory sale, whose queue refuses the next publications it is told to. */
    private record RefusingQueueBackend(MemoryBackend memory, AtomicInteger refusals) implements SaleBackend {
        @Override
        public String describe() {
            return "memory, refusing " + refusals.get() + " publications";
        }

        @Override
        public AdmissionGate gate() {
            return memory.gate();
        }

        @Override
        public Waitlist waitlist() {
            return memory.waitlist();
        }

        @Override
        public OrderStatusFeed statusFeed() {
            return memory.statusFeed();
        }

        @Override
        public SharedShardBitmap sharedShardBitmap() {
            return memory.sharedShardBitmap();
        }

        @Override
        public OrderQueue queue() {
            OrderQueue queue = memory.queue();
            return new OrderQueue() {
                @Override
                public CompletionStage<Void> publish(OrderMessage message, NotQueuedHandler onNotQueued) {
                    if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        BackendUnavailableException cause = new BackendUnavailableException("queue", "refused", null);
                        onNotQueued.notQueued(message, cause);
                        return CompletableFuture.failedFuture(new OrderNotQueuedException(message, cause));
                    }
                    return queue.publish(message, onNotQueued);
                }

                @Override
                public QueueConsumer consume(OrderBatchHandler handler) {
                    return queue.consume(handler);
                }

                @Override
                public void close() {
                    queue.close();
                }
            };
        }

        @Override
        public StockLedger ledger() {
            return memory.ledger();
        }

        @Override
        public LeaseStore leases() {
            return memory.leases();
        }

        @Override
        public ActivityCatalog catalog() {
            return memory.catalog();
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
