package io.github.seckill.settlement;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.SettlementBatch;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderBatchHandler;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.QueueConsumer;
import io.github.seckill.status.OrderStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Consumes an {@link OrderQueue} into a {@link StockLedger}: each batch is settled (merged per activity by default),
 * and dead letters are recorded as failed orders so that buyers polling them get an explicit answer. The queue
 * acknowledges a batch only after the ledger committed it; the ledger's idempotency makes redelivery harmless.
 *
 * <p>With {@link Builder#givingBackTo}, the admission units of orders the ledger turns away without selling (a
 * second order of a user, an unknown activity, a dead letter) go back to admission, to be sold again. That includes
 * orders the ledger answers {@code REPLAYED} with status {@code FAILED}: a batch or report comes again when the ledger
 * committed it but the settler never heard (a later transaction of the batch failed, the commit's answer was lost, the
 * consumer died), and its give-back may not have happened. Giving back is idempotent per order in admission.
 */
public final class OrderSettler implements AutoCloseable {

    private final List<QueueConsumer> consumers;

    private OrderSettler(List<QueueConsumer> consumers) {
        this.consumers = consumers;
    }

    /**
     * @param queue where admitted orders come from
     * @param ledger where they are settled
     * @return a builder: one consumer, merged settlement
     */
    public static Builder builder(OrderQueue queue, StockLedger ledger) {
        return new Builder(queue, ledger);
    }

    /** Stops every consumer after its batch in hand. */
    @Override
    public void close() {
        consumers.forEach(QueueConsumer::close);
    }

    private static final class Handler implements OrderBatchHandler {
        private final StockLedger ledger;
        private final boolean merged;
        private final SeckillListener listener;
        private final @Nullable StockGiveBack admission;
        private final @Nullable SettlePace pace;

        Handler(StockLedger ledger, boolean merged, SeckillListener listener, @Nullable StockGiveBack admission,
                @Nullable SettlePace pace) {
            this.ledger = ledger;
            this.merged = merged;
            this.listener = listener;
            this.admission = admission;
            this.pace = pace;
        }

        @Override
        public void handle(List<OrderMessage> batch) {
            SettlePace p = pace;
            if (p == null) {
                settle(batch);
                return;
            }
            // First come first served across chunks too.
            List<OrderMessage> inAdmissionOrder = new ArrayList<>(batch);
            inAdmissionOrder.sort(OrderMessage.ADMISSION_ORDER);
            for (List<OrderMessage> chunk : p.chunks(inAdmissionOrder)) {
                p.await(chunk.size());
                settle(chunk);
            }
        }

        private void settle(List<OrderMessage> batch) {
            long start = System.nanoTime();
            List<Settlement> settled;
            List<OrderMessage> answered;
            if (merged) {
                settled = ledger.settle(batch);
                answered = SettlementBatch.answered(batch);
            } else {
                // First come first served by admission time, as the merged path: the queue order interleaves
                // partitions.
                answered = new ArrayList<>(batch);
                answered.sort(OrderMessage.ADMISSION_ORDER);
                settled = new ArrayList<>(batch.size());
                for (OrderMessage m : answered) {
                    settled.add(ledger.lock(m));
                }
            }
            listener.settled(settled, System.nanoTime() - start);
            if (answered.size() != settled.size()) {
                throw new IllegalStateException("the ledger answered " + settled.size() + " settlements for "
                        + answered.size() + " orders");
            }
            updated(answered, settled);
            giveBack(answered, settled);
        }

        /** Each order this call recorded (not a replay) is an update its buyer is told; {@code orders[i]} got {@code settled[i]}. */
        private void updated(List<OrderMessage> orders, List<Settlement> settled) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < settled.size(); i++) {
                Settlement s = settled.get(i);
                OrderMessage m = orders.get(i);
                if (s.outcome() != Settlement.Outcome.REPLAYED) {
                    OrderState state = s.outcome() == Settlement.Outcome.CONFLICT
                            ? OrderState.FAILED : OrderStates.of(s.status());
                    listener.orderUpdated(new OrderUpdate(m.activityId(), m.orderId(), m.userId(), state, now));
                }
            }
        }

        /**
         * Orders the ledger recorded {@code FAILED} (turned away, now or in an earlier delivery whose give-back may not
         * have happened) give their admission units back, so they are sold again; admission restores each order once.
         * {@code orders[i]} got {@code settled[i]}.
         */
        private void giveBack(List<OrderMessage> orders, List<Settlement> settled) {
            if (admission == null) {
                return;
            }
            for (int i = 0; i < settled.size(); i++) {
                Settlement s = settled.get(i);
                OrderMessage m = orders.get(i);
                // A conflict's id belongs to another buyer's order: giving "its" units back would free theirs.
                if (m.hasShard() && s.status() == OrderStatus.FAILED
                        && s.outcome() != Settlement.Outcome.CONFLICT) {
                    admission.giveBack(HeldUnits.of(m));
                }
            }
        }

        /** The orders {@link StockLedger#fail} answers: one per order id, in first-seen order. */
        private static List<OrderMessage> distinctById(List<OrderMessage> orders) {
            Map<Long, OrderMessage> byId = new LinkedHashMap<>();
            orders.forEach(m -> byId.putIfAbsent(m.orderId(), m));
            return new ArrayList<>(byId.values());
        }

        @Override
        public void deadLettered(List<DeadLetter> letters) {
            Map<String, List<OrderMessage>> byReason = new LinkedHashMap<>();
            for (DeadLetter letter : letters) {
                if (letter.message() != null) {
                    byReason.computeIfAbsent(letter.reason(), r -> new ArrayList<>()).add(letter.message());
                }
            }
            byReason.forEach((reason, orders) -> {
                List<Settlement> failed = ledger.fail(orders, reason);
                List<OrderMessage> answered = distinctById(orders);
                if (answered.size() == failed.size()) {
                    updated(answered, failed);
                    giveBack(answered, failed);
                }
            });
        }
    }

    /** Builds and starts an {@link OrderSettler}. */
    public static final class Builder {
        private final OrderQueue queue;
        private final StockLedger ledger;
        private int consumers = 1;
        private boolean merged = true;
        private SeckillListener listener = SeckillListener.NOOP;
        private @Nullable StockGiveBack admission;
        private int maxSettleRate;

        private Builder(OrderQueue queue, StockLedger ledger) {
            this.queue = InvalidRequestException.requireNonNull(queue, "queue");
            this.ledger = InvalidRequestException.requireNonNull(ledger, "ledger");
        }

        /**
         * @param count consumers to run, at least one
         * @return this
         */
        public Builder consumers(int count) {
            if (count < 1) {
                throw new InvalidRequestException("consumers", "must be at least 1, was " + count);
            }
            this.consumers = count;
            return this;
        }

        /**
         * @param mergedSettlement {@code true} to settle each batch with one transaction per activity (the hot-row
         *     fix), {@code false} for one transaction per order; either way a batch is served first come first served
         *     by admission time
         * @return this
         */
        public Builder mergedSettlement(boolean mergedSettlement) {
            this.merged = mergedSettlement;
            return this;
        }

        /**
         * @param eventListener receives settlement events
         * @return this
         */
        public Builder listener(SeckillListener eventListener) {
            this.listener = InvalidRequestException.requireNonNull(eventListener, "listener");
            return this;
        }

        /**
         * @param giveBack where orders the ledger turns away without selling give their admission units back: the
         *     engine that admitted them, or {@link StockGiveBack#through} the admission backend when no engine runs
         *     in this process
         * @return this
         */
        public Builder givingBackTo(StockGiveBack giveBack) {
            this.admission = InvalidRequestException.requireNonNull(giveBack, "givingBackTo");
            return this;
        }

        /**
         * Paces settlement so that the ledger sees at most this many orders per second from this settler (all its
         * consumers together); the queue's lag absorbs the rest. Several settler processes each get their own rate.
         *
         * @param ordersPerSecond the rate, at least 2
         * @return this
         */
        public Builder maxSettleRate(int ordersPerSecond) {
            if (ordersPerSecond < 2) {
                throw new InvalidRequestException("maxSettleRate", "must be at least 2 orders per second, was "
                        + ordersPerSecond);
            }
            this.maxSettleRate = ordersPerSecond;
            return this;
        }

        /** @return the running settler */
        public OrderSettler start() {
            SeckillListener safe = Listeners.safe(listener);
            Handler handler = new Handler(ledger, merged, safe, admission == null ? null : admission.reportingTo(safe),
                    maxSettleRate == 0 ? null : new SettlePace(maxSettleRate));
            List<QueueConsumer> running = new ArrayList<>(consumers);
            for (int i = 0; i < consumers; i++) {
                running.add(queue.consume(handler));
            }
            return new OrderSettler(List.copyOf(running));
        }
    }
}
