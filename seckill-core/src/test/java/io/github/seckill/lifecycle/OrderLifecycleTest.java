package io.github.seckill.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.settlement.OrderSettler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderLifecycleTest {

    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final InMemorySeckill memory =
            InMemorySeckill.builder().clock(() -> Instant.ofEpochMilli(now.get())).build();
    private final FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build();
    private final OrderSettler settler = OrderSettler.builder(memory.orderQueue(), memory.stockLedger()).start();
    private final OrderLifecycle lifecycle = OrderLifecycle.builder(sale, memory.stockLedger())
            .clock(() -> Instant.ofEpochMilli(now.get())).sweepBatch(2).build();

    private void launch(long stock) {
        ActivityConfig activity = ActivityConfig.builder(1).stock(stock).paymentTimeout(Duration.ofMinutes(5))
                .window(Instant.ofEpochMilli(now.get()).minusSeconds(1), Instant.ofEpochMilli(now.get()).plusSeconds(3600))
                .build();
        memory.stockLedger().defineActivity(activity.toLedgerActivity());
        sale.launch(activity);
    }

    private long buy(long user) throws InterruptedException {
        AttemptResult.Admitted a = (AttemptResult.Admitted) sale.attempt(1, user, "r" + user);
        assertThat(memory.orderQueue().awaitDrained(Duration.ofSeconds(10))).isTrue();
        return a.orderId();
    }

    @AfterEach
    void stop() {
        settler.close();
        sale.close();
    }

    @Test
    void pollingShowsProcessingUntilTheLedgerHasTheOrder() throws Exception {
        launch(5);
        assertThat(lifecycle.poll(12345).processing()).isTrue();
        long order = buy(1);
        OrderView view = lifecycle.poll(order);
        assertThat(view.processing()).isFalse();
        assertThat(view.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        lifecycle.paymentSucceeded(order);
        assertThat(lifecycle.poll(order).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aFailedPaymentSellsTheUnitAgain() throws Exception {
        launch(1);
        long order = buy(1);
        assertThat(sale.attempt(1, 2, "r2").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        assertThat(sale.isSoldOut(1)).isTrue();

        assertThat(lifecycle.paymentFailed(order).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        assertThat(lifecycle.paymentFailed(order).outcome()).isEqualTo(ReleaseResult.Outcome.ALREADY_CLOSED);
        assertThat(sale.isSoldOut(1)).isFalse();
        assertThat(sale.remaining(1)).containsExactly(1);

        long resold = buy(3);
        assertThat(lifecycle.poll(resold).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(memory.stockLedger().stock(1).orElseThrow().locked()).isEqualTo(1);
        assertThat(lifecycle.paymentSucceeded(order).outcome()).isEqualTo(PaymentResult.Outcome.REFUND_REQUIRED);
    }

    @Test
    void timedOutOrdersAreClosedInBatchesAndTheirUnitsSoldAgain() throws Exception {
        launch(5);
        long paid = buy(1);
        buy(2);
        buy(3);
        buy(4);
        buy(5);
        lifecycle.paymentSucceeded(paid);
        assertThat(lifecycle.releaseExpired()).isZero();

        now.addAndGet(Duration.ofMinutes(6).toMillis());
        assertThat(lifecycle.releaseExpired()).isEqualTo(4);
        assertThat(sale.remaining(1)).containsExactly(4);
        assertThat(memory.stockLedger().countOrders(1))
                .containsEntry(OrderStatus.CLOSED, 4L).containsEntry(OrderStatus.PAID, 1L);
        assertThat(lifecycle.releaseExpired()).isZero();
    }

    @Test
    void scheduledSweepsReleaseWithoutBeingAsked() throws Exception {
        launch(3);
        buy(1);
        buy(2);
        now.addAndGet(Duration.ofMinutes(6).toMillis());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (AutoCloseable sweeps = lifecycle.scheduleSweeps(scheduler, Duration.ofMillis(20))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sale.remaining(1)[0] < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(sale.remaining(1)).containsExactly(3);
        assertThat(memory.stockLedger().countOrders(1)).containsEntry(OrderStatus.CLOSED, 2L);
    }

    /**
     * The ledger closed the order but its answer was lost (the commit's acknowledgement, a dropped connection): the
     * payment provider's callback is retried and finds the order already closed. Its units must still go back.
     */
    @Test
    void aRetriedFailedPaymentGivesTheUnitsBackWhenTheFirstAnswerWasLost() throws Exception {
        launch(1);
        long order = buy(1);
        StockLedger real = memory.stockLedger();
        AtomicBoolean loseAnswer = new AtomicBoolean(true);
        StockLedger lossy = (StockLedger) Proxy.newProxyInstance(StockLedger.class.getClassLoader(),
                new Class<?>[] {StockLedger.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("release") && loseAnswer.getAndSet(false)) {
                        throw new BackendUnavailableException("ledger", "committed, but the answer was lost", null);
                    }
                    return result;
                });
        OrderLifecycle retried = OrderLifecycle.builder(sale, lossy).build();

        assertThatThrownBy(() -> retried.paymentFailed(order)).isInstanceOf(BackendUnavailableException.class);
        assertThat(retried.paymentFailed(order).outcome()).isEqualTo(ReleaseResult.Outcome.ALREADY_CLOSED);
        assertThat(sale.remaining(1)).as("the closed order's unit is back in admission").containsExactly(1);
        assertThat(retried.paymentFailed(order).outcome()).isEqualTo(ReleaseResult.Outcome.ALREADY_CLOSED);
        assertThat(sale.remaining(1)).as("and only once").containsExactly(1);
    }
}
