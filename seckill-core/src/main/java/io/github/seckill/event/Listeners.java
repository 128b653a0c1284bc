package io.github.seckill.event;

import io.github.seckill.AttemptResult;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.queue.DeadLetter;
import io.github.seckill.queue.OrderMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Combines listeners and shields the pipeline from listeners that throw. */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    /**
     * @param listeners listeners to call in order
     * @return one listener that calls each of them, logging and swallowing what they throw
     */
    public static SeckillListener safe(List<SeckillListener> listeners) {
        List<SeckillListener> all = List.copyOf(listeners);
        if (all.isEmpty()) {
            return SeckillListener.NOOP;
        }
        return new SafeListener(all);
    }

    /**
     * @param listener a listener
     * @return the listener, calls to which log and swallow what it throws
     */
    public static SeckillListener safe(SeckillListener listener) {
        return listener == SeckillListener.NOOP || listener instanceof SafeListener
                ? listener
                : new SafeListener(List.of(listener));
    }

    private static final class SafeListener implements SeckillListener {
        private final SeckillListener[] listeners;

        SafeListener(List<SeckillListener> listeners) {
            this.listeners = listeners.toArray(new SeckillListener[0]);
        }

        private interface Call {
            void on(SeckillListener l);
        }

        private void each(Call call) {
            for (SeckillListener l : listeners) {
                try {
                    call.on(l);
                } catch (RuntimeException e) {
                    LOG.warn("listener {} failed", l, e);
                }
            }
        }

        // The two hot-path events loop by hand: no capturing lambda per call.
        @Override
        public void admitted(OrderMessage order, boolean replayed, boolean degraded) {
            for (SeckillListener l : listeners) {
                try {
                    l.admitted(order, replayed, degraded);
                } catch (RuntimeException e) {
                    LOG.warn("listener {} failed", l, e);
                }
            }
        }

        @Override
        public void rejected(long activityId, long userId, AttemptResult.Outcome outcome) {
            for (SeckillListener l : listeners) {
                try {
                    l.rejected(activityId, userId, outcome);
                } catch (RuntimeException e) {
                    LOG.warn("listener {} failed", l, e);
                }
            }
        }

        @Override
        public void soldOut(long activityId) {
            each(l -> l.soldOut(activityId));
        }

        @Override
        public void retired(long activityId) {
            each(l -> l.retired(activityId));
        }

        @Override
        public void reopened(long activityId) {
            each(l -> l.reopened(activityId));
        }

        @Override
        public void admissionFailed(long activityId, Throwable cause, boolean degraded) {
            each(l -> l.admissionFailed(activityId, cause, degraded));
        }

        @Override
        public void compensated(OrderMessage order, Throwable cause, boolean compensated) {
            each(l -> l.compensated(order, cause, compensated));
        }

        @Override
        public void settled(List<Settlement> settlements, long nanos) {
            each(l -> l.settled(settlements, nanos));
        }

        @Override
        public void restored(long activityId, long orderId) {
            each(l -> l.restored(activityId, orderId));
        }

        @Override
        public void attemptAnswered(long activityId, AttemptResult.Outcome outcome, long nanos) {
            each(l -> l.attemptAnswered(activityId, outcome, nanos));
        }

        @Override
        public void attemptFailed(long activityId, Throwable cause, long nanos) {
            each(l -> l.attemptFailed(activityId, cause, nanos));
        }

        @Override
        public void published(OrderMessage order, long nanos, boolean durable) {
            each(l -> l.published(order, nanos, durable));
        }

        @Override
        public void orderUpdated(OrderUpdate update) {
            each(l -> l.orderUpdated(update));
        }

        @Override
        public void waitlistOffered(OrderMessage order) {
            each(l -> l.waitlistOffered(order));
        }

        @Override
        public void keptUnsold(long activityId, long orderId, int quantity) {
            each(l -> l.keptUnsold(activityId, orderId, quantity));
        }

        @Override
        public void giveBackFailed(long activityId, long orderId, int quantity, Throwable cause) {
            each(l -> l.giveBackFailed(activityId, orderId, quantity, cause));
        }

        @Override
        public void consumeRetry(int batchSize, int attempt, Throwable cause) {
            each(l -> l.consumeRetry(batchSize, attempt, cause));
        }

        @Override
        public void deadLettered(List<DeadLetter> letters) {
            each(l -> l.deadLettered(letters));
        }

        @Override
        public void consumerStopped(String group, String consumer, Throwable cause) {
            each(l -> l.consumerStopped(group, consumer, cause));
        }

        @Override
        public void reconciled(ReconciliationReport report) {
            each(l -> l.reconciled(report));
        }

        @Override
        public void admissionBreakerChanged(long activityId, BreakerState from, BreakerState to) {
            each(l -> l.admissionBreakerChanged(activityId, from, to));
        }

        @Override
        public void queueBreakerChanged(BreakerState from, BreakerState to) {
            each(l -> l.queueBreakerChanged(from, to));
        }

        @Override
        public void consumerLag(String group, int partition, long lag) {
            each(l -> l.consumerLag(group, partition, lag));
        }
    }
}
