package io.github.seckill.engine;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.ConfirmRequest;
import io.github.seckill.admission.HandOver;
import io.github.seckill.admission.HandOverRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.JoinRequest;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.shard.Shards;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a released order's units go, by its activity's {@link io.github.seckill.GiveBackPolicy}: back to the shards,
 * first to the waitlist, or nowhere. A waitlisted buyer's new order takes the buyer's slot (so they never hold two
 * orders) and is queued like any admission; a buyer whose slot another order holds by then passes the unit on.
 */
final class GiveBacks {

    /** The request id a waitlisted buyer's slot is confirmed with: a retry of it finds the same order. */
    static final String WAITLIST_REQUEST_PREFIX = "waitlist-";

    private final AdmissionGate gate;
    private final @Nullable Waitlist waitlist;
    private final OrderIdGenerator orderIds;
    private final InstantSource clock;
    private final SeckillListener listener;
    private final Screening screening;
    private final Publisher publisher;
    private final SharedRouting routing;

    GiveBacks(AdmissionGate gate, @Nullable Waitlist waitlist, OrderIdGenerator orderIds, InstantSource clock,
            SeckillListener listener, Screening screening, Publisher publisher, SharedRouting routing) {
        this.routing = routing;
        this.gate = gate;
        this.waitlist = waitlist;
        this.orderIds = orderIds;
        this.clock = clock;
        this.listener = listener;
        this.screening = screening;
        this.publisher = publisher;
    }

    /** @param a the activity, or {@code null} when it is not launched here: its units go back to open sale */
    boolean giveBack(@Nullable ActivityState a, HeldUnits units) {
        if (!units.inAdmission()) {
            return false;
        }
        if (a == null) {
            return gate.restore(units);
        }
        switch (a.config.giveBack()) {
            case NONE:
                listener.keptUnsold(units.activityId(), units.orderId(), units.quantity());
                return false;
            case WAITLIST_FIRST:
                return handOver(a, units);
            case OPEN_SALE:
            default:
                if (!gate.restore(units)) {
                    return false;
                }
                routing.changed(a, 0, Shards.bit(units.shard()));
                screening.restocked(a);
                return true;
        }
    }

    private boolean handOver(ActivityState a, HeldUnits first) {
        Waitlist w = requireWaitlist();
        boolean handed = false;
        Deque<HeldUnits> pending = new ArrayDeque<>();
        pending.add(first);
        for (HeldUnits units = pending.poll(); units != null; units = pending.poll()) {
            long now = clock.millis();
            List<Long> ids = new ArrayList<>(units.quantity());
            for (int i = 0; i < units.quantity(); i++) {
                ids.add(orderIds.nextId());
            }
            HandOver h = w.handOver(new HandOverRequest(units, ids, now, a.endsAtMillis));
            if (!h.held()) {
                continue;
            }
            handed = true;
            if (h.restored() > 0) {
                routing.changed(a, 0, Shards.bit(units.shard()));
                screening.restocked(a);
            }
            for (TakenUnits offer : h.offers()) {
                if (!gate.dedupe().confirm(new ConfirmRequest(a.id, offer.userId(),
                        WAITLIST_REQUEST_PREFIX + offer.orderId(), offer.orderId(), offer.shard(), offer.quantity(),
                        now, a.expiresAtMillis))) {
                    // The buyer holds another order by now: the unit goes to the next one waiting.
                    pending.add(offer.toHeldUnits(a.id));
                    continue;
                }
                OrderMessage order = offer.toMessage(a.id);
                listener.waitlistOffered(order);
                publisher.offered(order);
            }
        }
        return handed;
    }

    /** A sold-out buyer asks to wait; every refusal is an answer. */
    JoinResult join(ActivityState a, long userId) {
        if (!a.config.hasWaitlist()) {
            return JoinResult.refused(JoinResult.Outcome.NO_WAITLIST);
        }
        long now = clock.millis();
        if (now < a.startsAtMillis || now >= a.endsAtMillis) {
            return JoinResult.refused(JoinResult.Outcome.CLOSED);
        }
        if (gate.dedupe().find(a.id, userId, now).isPresent()) {
            return JoinResult.refused(JoinResult.Outcome.HAS_ORDER);
        }
        for (long units : gate.stock().remaining(a.id)) {
            if (units > 0) {
                return JoinResult.refused(JoinResult.Outcome.NOT_SOLD_OUT);
            }
        }
        return requireWaitlist().join(new JoinRequest(a.id, userId, a.config.waitlistCapacity(), now, a.endsAtMillis));
    }

    Waitlist requireWaitlist() {
        Waitlist w = waitlist;
        if (w == null) {
            throw new IllegalStateException("no waitlist: FlashSaleBuilder.waitlist(...) is required for"
                    + " WAITLIST_FIRST activities");
        }
        return w;
    }

    boolean hasWaitlist() {
        return waitlist != null;
    }
}
