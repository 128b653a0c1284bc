package io.github.seckill.example.server;

import io.github.seckill.ActivityConfig;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderUpdate;
import io.github.seckill.admission.Claim;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.PaymentResult;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.lifecycle.OrderView;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/orders/{orderId}}: read, follow (server-sent events), pay, cancel. */
final class OrderRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(OrderRoutes.class);

    private final SaleService service;

    OrderRoutes(SaleService service) {
        this.service = service;
    }

    /**
     * The order as this caller may see it: a buyer their own only (another buyer's reads as unknown), an admin any.
     *
     * @return the order, queued or recorded, or {@code null} when the caller may not see it or it is unknown
     */
    Views.@Nullable Order find(Principal p, long orderId) {
        if (!p.admin()) {
            OrderView recorded = service.lifecycle.poll(orderId, p.userId());
            if (recorded.order() != null) {
                return Views.order(recorded.order(), service.activity(recorded.order().activityId()));
            }
            for (ActivityConfig a : service.activities()) {
                Views.Order v = Views.of(service.lifecycle.poll(a.activityId(), orderId, p.userId()), a.activityId(),
                        p.userId(), Optional.of(a));
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
        Optional<OrderRecord> r = service.backend.ledger().findOrder(orderId);
        if (r.isPresent()) {
            return Views.order(r.get(), service.activity(r.get().activityId()));
        }
        for (ActivityConfig a : service.activities()) {
            Optional<TakenUnits> taken = service.backend.gate().stock().findTaken(a.activityId(), orderId);
            if (taken.isPresent()) {
                return Views.queued(orderId, a.activityId(), taken.get().userId());
            }
        }
        return null;
    }

    private Views.Order require(Principal p, long orderId) {
        Views.Order v = find(p, orderId);
        if (v == null) {
            throw ApiException.notFound("order");
        }
        return v;
    }

    void read(Context ctx) {
        ctx.json(require(Requests.principal(ctx), Requests.id(ctx, "orderId")));
    }

    /**
     * The caller's order in an activity, found by the buyer's slot in admission: how a buyer whose answer was lost
     * learns the order once the sale sold out (a retry is then answered from the sold-out flag, without a look-up).
     */
    void mine(Context ctx) {
        Principal buyer = Requests.buyer(ctx);
        long activityId = Requests.id(ctx, "id");
        if (service.activity(activityId).isEmpty()) {
            throw ApiException.notFound("activity");
        }
        Optional<Claim> slot = service.backend.gate().dedupe().find(activityId, buyer.userId(),
                System.currentTimeMillis());
        if (slot.isEmpty() || slot.get().shard() == Claim.PENDING) {
            throw ApiException.notFound("order");
        }
        ctx.json(require(buyer, slot.get().orderId()));
    }

    /**
     * The body of a payment callback.
     *
     * @param outcome {@code SUCCESS} or {@code FAILURE}
     */
    record Payment(@Nullable String outcome) {
    }

    void pay(Context ctx) {
        Principal buyer = Requests.buyer(ctx);
        long orderId = Requests.id(ctx, "orderId");
        Views.Order order = require(buyer, orderId);
        Payment body = Requests.body(ctx, Payment.class);
        String outcome = body.outcome();
        if (!"SUCCESS".equals(outcome) && !"FAILURE".equals(outcome)) {
            throw ApiException.badRequest("outcome", "'outcome' must be SUCCESS or FAILURE");
        }
        if (order.status().equals("QUEUED")) {
            throw new ApiException(409, "QUEUED", "the order is still on its way to the ledger; try again")
                    .retryAfter(1);
        }
        try {
            if ("SUCCESS".equals(outcome)) {
                PaymentResult r = service.lifecycle.paymentSucceeded(orderId, buyer.userId());
                LOG.debug("payment of {}: {}", orderId, r.outcome());
            } else {
                service.lifecycle.paymentFailed(orderId, buyer.userId());
            }
        } catch (InvalidRequestException e) {
            throw ApiException.notFound("order");
        }
        ctx.json(require(buyer, orderId));
    }

    /**
     * The body of an admin's cancel.
     *
     * @param reason why
     */
    record Cancel(@Nullable String reason) {
    }

    void cancel(Context ctx) {
        Principal p = Requests.principal(ctx);
        long orderId = Requests.id(ctx, "orderId");
        Views.Order order = require(p, orderId);
        if (order.status().equals("QUEUED")) {
            throw new ApiException(409, "QUEUED", "the order is still on its way to the ledger; try again")
                    .retryAfter(1);
        }
        ReleaseResult r;
        if (p.admin()) {
            String reason = Requests.body(ctx, Cancel.class).reason();
            if (reason == null || reason.isBlank() || reason.length() > 255) {
                throw ApiException.badRequest("reason", "'reason' must be 1 to 255 characters");
            }
            r = service.lifecycle.cancelByOperator(orderId, reason);
        } else {
            r = service.lifecycle.cancel(orderId, p.userId());
        }
        if (r.outcome() == ReleaseResult.Outcome.ALREADY_PAID) {
            throw new ApiException(409, "ALREADY_PAID", "a paid order is cancelled by the shop, not the buyer");
        }
        if (r.outcome() == ReleaseResult.Outcome.NOT_FOUND) {
            throw ApiException.notFound("order");
        }
        ctx.json(require(p, orderId));
    }

    /**
     * Server-sent events of the caller's order: its state now, then one {@code status} event per change, pushed from
     * whichever instance made it; the stream ends after a final state.
     */
    void events(Context ctx) throws Exception {
        Principal p = Requests.principal(ctx);
        long orderId = Requests.id(ctx, "orderId");
        Views.Order first = require(p, orderId);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, "NOT_ACCEPTABLE", "this is a text/event-stream");
        }
        new SseHandler(0, client -> stream(client, p, first)).handle(ctx);
    }

    private void stream(SseClient client, Principal p, Views.Order first) {
        long orderId = Long.parseLong(first.orderId());
        client.keepAlive();
        send(client, first);
        if (first.isFinal()) {
            client.close();
            return;
        }
        AtomicReference<String> last = new AtomicReference<>(first.status());
        AutoCloseable watch = service.updates.watch(first.activityId(), orderId, (OrderUpdate update) -> {
            Views.Order now = find(p, orderId);
            // One event per change: the watch starts with the state the stream has already sent.
            if (now != null && !client.terminated() && !now.status().equals(last.getAndSet(now.status()))) {
                send(client, now);
                if (now.isFinal()) {
                    client.close();
                }
            }
        });
        client.onClose(() -> {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("could not end the watch of order {}", orderId, e);
            }
        });
    }

    private static void send(SseClient client, Views.Order order) {
        try {
            client.sendEvent("status", Requests.JSON.writeValueAsString(order));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
