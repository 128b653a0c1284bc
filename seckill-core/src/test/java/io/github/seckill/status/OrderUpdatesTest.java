package io.github.seckill.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.memory.InMemoryOrderStatusFeed;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OrderUpdatesTest {

    private final InMemoryOrderStatusFeed feed = new InMemoryOrderStatusFeed();
    private final InMemoryStockLedger ledger = new InMemoryStockLedger();
    private final OrderUpdates updates = new OrderUpdates(feed, ledger);

    private static OrderUpdate update(long order, OrderState state) {
        return new OrderUpdate(1, order, 7, state, 0);
    }

    @Test
    void aWatchHearsItsOrderOnlyEachStateOnceAndNeverBackwards() throws Exception {
        List<OrderState> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = updates.watch(1, 100, u -> heard.add(u.state()))) {
            feed.publish(update(100, OrderState.QUEUED));
            feed.publish(update(101, OrderState.PAID));
            feed.publish(update(100, OrderState.QUEUED));
            feed.publish(update(100, OrderState.PENDING_PAYMENT));
            feed.publish(update(100, OrderState.QUEUED));
            feed.publish(update(100, OrderState.PAID));
        }
        feed.publish(update(100, OrderState.REFUND_REQUIRED));
        assertThat(heard).containsExactly(OrderState.QUEUED, OrderState.PENDING_PAYMENT, OrderState.PAID);
        assertThat(updates.activeActivities()).isZero();
    }

    @Test
    void aWatchStartsWithTheStateTheLedgerHasSoAnEarlierUpdateIsNotMissed() throws Exception {
        Instant now = Instant.now();
        ledger.defineActivity(new LedgerActivity(1, 1, 5, now.minusSeconds(1), now.plusSeconds(60),
                Duration.ofMinutes(5)));
        ledger.lock(new OrderMessage(100, 1, 7, 1, 0, now.toEpochMilli()));
        List<OrderState> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = updates.watch(1, 100, u -> heard.add(u.state()))) {
            feed.publish(update(100, OrderState.QUEUED));
            ledger.confirmPayment(100);
            feed.publish(update(100, OrderState.PAID));
        }
        assertThat(heard).containsExactly(OrderState.PENDING_PAYMENT, OrderState.PAID);
    }

    @Test
    void oneFeedSubscriptionPerActivityServesEveryWatchAndEndsWithTheLast() throws Exception {
        List<OrderUpdate> all = new CopyOnWriteArrayList<>();
        AutoCloseable a = updates.watchActivity(1, all::add);
        AutoCloseable b = updates.watch(1, 100, u -> { });
        assertThat(updates.activeActivities()).isEqualTo(1);
        feed.publish(update(100, OrderState.QUEUED));
        feed.publish(update(101, OrderState.QUEUED));
        a.close();
        assertThat(updates.activeActivities()).isEqualTo(1);
        b.close();
        assertThat(updates.activeActivities()).isZero();
        feed.publish(update(102, OrderState.QUEUED));
        assertThat(all).extracting(OrderUpdate::orderId).containsExactly(100L, 101L);
    }
}
