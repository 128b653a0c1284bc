package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.Settlement.Outcome;
import io.github.seckill.tck.OrderMessageBuilder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLTransactionRollbackException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ledger's side: settlements, order updates, retries, and what happens to released units. */
class SettlementMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SeckillMetrics metrics = SeckillMetrics.create(registry);
    private final Meters meters = new Meters(registry);

    @Test
    void settledOrdersByOutcomeAndBatchesByDurationAndSize() {
        metrics.settled(List.of(settlement(1, Outcome.LOCKED, OrderStatus.PENDING_PAYMENT),
                settlement(2, Outcome.LOCKED, OrderStatus.PENDING_PAYMENT),
                settlement(3, Outcome.SOLD_OUT, OrderStatus.SOLD_OUT),
                settlement(4, Outcome.DUPLICATE_USER, OrderStatus.FAILED)), TimeUnit.MILLISECONDS.toNanos(8));
        metrics.settled(List.of(settlement(1, Outcome.REPLAYED, OrderStatus.PENDING_PAYMENT),
                settlement(5, Outcome.CONFLICT, OrderStatus.FAILED)), TimeUnit.MILLISECONDS.toNanos(2));

        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "LOCKED")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "SOLD_OUT")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "DUPLICATE_USER")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "REPLAYED")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.SETTLED, "outcome", "CONFLICT")).isEqualTo(1);
        assertThat(meters.registered(SeckillMeter.SETTLED)).as("outcomes never seen are not registered")
                .isEqualTo(5);
        assertThat(meters.timer(SeckillMeter.SETTLE_DURATION).count()).isEqualTo(2);
        assertThat(meters.timer(SeckillMeter.SETTLE_DURATION).totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
        DistributionSummary sizes = registry.get(SeckillMeter.SETTLE_BATCH_SIZE.defaultName()).summary();
        assertThat(sizes.count()).isEqualTo(2);
        assertThat(sizes.totalAmount()).isEqualTo(6);
        assertThat(sizes.max()).isEqualTo(4);
    }

    @Test
    void orderUpdatesByTheStateEntered() {
        metrics.orderUpdated(new OrderUpdate(3, 1, 1, OrderState.PENDING_PAYMENT, 0));
        metrics.orderUpdated(new OrderUpdate(3, 1, 1, OrderState.PAID, 0));
        metrics.orderUpdated(new OrderUpdate(3, 2, 2, OrderState.PENDING_PAYMENT, 0));
        metrics.orderUpdated(new OrderUpdate(4, 3, 3, OrderState.WAITLIST_OFFER, 0));

        assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", "3", "state", "PENDING_PAYMENT"))
                .isEqualTo(2);
        assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", "3", "state", "PAID")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.ORDER_UPDATES, "activity", "4", "state", "WAITLIST_OFFER"))
                .isEqualTo(1);
    }

    @Test
    void theMySqlLedgersRetriesByOperation() {
        MySqlLedgerMetrics ledger = MySqlLedgerMetrics.of(metrics);
        ledger.retried("settle", 1, new SQLTransactionRollbackException("deadlock"));
        ledger.retried("settle", 2, new SQLTransactionRollbackException("deadlock"));
        ledger.retried("lock", 1, new SQLTransactionRollbackException("lock wait"));

        assertThat(meters.count(SeckillMeter.LEDGER_RETRIES, "operation", "settle", "exception",
                "SQLTransactionRollbackException")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.LEDGER_RETRIES, "operation", "lock")).isEqualTo(1);
    }

    @Test
    void giveBacksKeptUnsoldUnitsAndWaitlistOffers() {
        metrics.restored(6, 1);
        metrics.restored(6, 2);
        metrics.giveBackFailed(6, 3, 2, new IllegalStateException("redis down"));
        metrics.keptUnsold(7, 4, 1);
        metrics.keptUnsold(7, 5, 3);
        metrics.waitlistOffered(OrderMessageBuilder.order(6).activity(8).build());

        assertThat(meters.count(SeckillMeter.GIVE_BACKS, "activity", "6", "outcome", "restored")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.GIVE_BACKS, "activity", "6", "outcome", "failed")).isEqualTo(1);
        assertThat(meters.count(SeckillMeter.GIVE_BACK_STRANDED_UNITS, "activity", "6")).isEqualTo(2);
        assertThat(meters.count(SeckillMeter.KEPT_UNSOLD_UNITS, "activity", "7")).isEqualTo(4);
        assertThat(meters.count(SeckillMeter.WAITLIST_OFFERS, "activity", "8")).isEqualTo(1);
    }

    private static Settlement settlement(long orderId, Outcome outcome, OrderStatus status) {
        return new Settlement(orderId, outcome, status);
    }
}
