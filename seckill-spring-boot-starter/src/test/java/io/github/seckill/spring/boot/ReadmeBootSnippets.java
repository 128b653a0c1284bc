package io.github.seckill.spring.boot;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.lifecycle.OrderLifecycle;
import org.springframework.stereotype.Service;

/**
 * The README's Spring Boot snippet, compiled here and run by {@link SeckillBootSaleTest}; the app's
 * {@code ReadmeSnippetsTest} holds the README's block to this region.
 */
final class ReadmeBootSnippets {

    private ReadmeBootSnippets() {
    }

    // tag::boot-service[]
    @Service
    static class Checkout {
        private final SeckillActivities activities;
        private final FlashSale sale;
        private final OrderLifecycle orders;

        Checkout(SeckillActivities activities, FlashSale sale, OrderLifecycle orders) {
            this.activities = activities;
            this.sale = sale;
            this.orders = orders;
        }

        void open(ActivityConfig activity) {
            activities.open(activity);            // the ledger's row once, launched here, watched by the metrics
        }

        AttemptResult buy(long activityId, long userId, String requestId) {
            return sale.attempt(activityId, userId, requestId);
        }

        PaymentResult paid(long orderId, long userId) {
            return orders.paymentSucceeded(orderId, userId);
        }

        ReleaseResult failed(long orderId, long userId) {
            return orders.paymentFailed(orderId, userId);  // the units are sold again
        }
    }
    // end::boot-service[]
}
