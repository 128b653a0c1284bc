package io.github.seckill.example.server;

import io.github.seckill.ActivityConfig;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.lifecycle.OrderView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The JSON the API answers with. Order ids are strings: 64-bit numbers do not survive JavaScript. */
final class Views {

    private Views() {
    }

    /**
     * An order as a buyer sees it.
     *
     * @param orderId the order id, as a decimal string
     * @param activityId its activity
     * @param userId its buyer
     * @param status {@code QUEUED} or the ledger's status
     * @param payBefore when a pending order's payment times out, else {@code null}
     */
    record Order(String orderId, long activityId, long userId, String status, @Nullable Instant payBefore) {

        boolean isFinal() {
            return !status.equals("QUEUED") && !status.equals(OrderStatus.PENDING_PAYMENT.name());
        }
    }

    /** An order the ledger has; the payment deadline from the activity when this app knows it. */
    static Order order(OrderRecord r, Optional<ActivityConfig> activity) {
        Instant payBefore = r.status() == OrderStatus.PENDING_PAYMENT
                ? activity.map(a -> r.createdAt().plus(a.paymentTimeout())).orElse(null) : null;
        return new Order(Long.toString(r.orderId()), r.activityId(), r.userId(), r.status().name(), payBefore);
    }

    static Order queued(long orderId, long activityId, long userId) {
        return new Order(Long.toString(orderId), activityId, userId, "QUEUED", null);
    }

    static @Nullable Order of(OrderView view, long activityId, long userId, Optional<ActivityConfig> activity) {
        OrderRecord r = view.order();
        if (r != null) {
            return order(r, activity);
        }
        return view.progress() == OrderView.Progress.QUEUED ? queued(view.orderId(), activityId, userId) : null;
    }

    static Map<String, Object> activity(ActivityConfig a, Instant now, long remaining, boolean soldOut) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.activityId());
        out.put("stock", a.stock());
        out.put("startsAt", a.startsAt());
        out.put("endsAt", a.endsAt());
        out.put("serverTime", now);
        out.put("state", now.isBefore(a.startsAt()) ? "UPCOMING" : now.isBefore(a.endsAt()) ? "OPEN" : "ENDED");
        out.put("remaining", remaining);
        out.put("soldOut", soldOut);
        out.put("paymentTimeoutSeconds", a.paymentTimeout().toSeconds());
        out.put("shards", a.shards());
        out.put("strategy", a.strategy().name());
        out.put("giveBack", a.giveBack().name());
        return out;
    }
}
