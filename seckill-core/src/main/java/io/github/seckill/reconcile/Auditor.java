package io.github.seckill.reconcile;

import io.github.seckill.InvalidRequestException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionStock;
import io.github.seckill.admission.TakenUnits;
import io.github.seckill.ledger.LedgerView;
import io.github.seckill.ledger.OrderRecord;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks an activity's invariants from the ledger (and admission, when given): no oversell in the stock row or the
 * orders, the stock equation, the orders adding up to the stock row, no user holding two orders, no order admission
 * holds that never reached the ledger after the grace, and admission never able to admit more than the ledger can
 * sell. Reads only; counts rows, never trusts logs. Meant for quiet moments: in the middle of a sale, orders on their
 * way are not violations, and the grace keeps them out of the count.
 */
public final class Auditor {

    private static final int PAGE = 1_000;

    private final StockLedger ledger;
    private final @Nullable AdmissionGate admission;
    private final InstantSource clock;
    private final long graceMillis;

    private Auditor(StockLedger ledger, @Nullable AdmissionGate admission, InstantSource clock, Duration grace) {
        this.ledger = InvalidRequestException.requireNonNull(ledger, "ledger");
        this.admission = admission;
        this.clock = InvalidRequestException.requireNonNull(clock, "clock");
        this.graceMillis = grace.toMillis();
    }

    /**
     * @param ledger the ledger to audit
     * @return an auditor of the ledger alone
     */
    public static Auditor of(StockLedger ledger) {
        return new Auditor(ledger, null, InstantSource.system(), Duration.ofSeconds(60));
    }

    /**
     * @param ledger the ledger to audit
     * @param admission the admission backend to audit against it
     * @param grace how long an admitted order may take to reach the ledger before it counts as lost
     * @return an auditor of both
     */
    public static Auditor of(StockLedger ledger, AdmissionGate admission, Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new InvalidRequestException("grace", "must be zero or more, was " + grace);
        }
        return new Auditor(ledger, InvalidRequestException.requireNonNull(admission, "admission"), InstantSource.system(),
                grace);
    }

    /**
     * @param source the clock the grace is measured on
     * @return this auditor on another clock
     */
    public Auditor withClock(InstantSource source) {
        return new Auditor(ledger, admission, source, Duration.ofMillis(graceMillis));
    }

    /**
     * @param activityId the activity
     * @return what the audit found
     */
    public AuditReport audit(long activityId) {
        InvalidRequestException.requirePositive(activityId, "activityId");
        List<AuditViolation> violations = new ArrayList<>();
        StockSnapshot stock = ledger.stock(activityId).orElse(null);
        if (stock == null) {
            violations.add(new AuditViolation(AuditViolation.Kind.UNKNOWN_ACTIVITY,
                    "the ledger does not know activity " + activityId));
        }
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        Map<Long, Integer> holdingByUser = new HashMap<>();
        long pending = 0;
        long paid = 0;
        long overAdmitted = 0;
        long after = 0;
        while (true) {
            List<OrderRecord> page = ledger.orders(activityId, after, PAGE);
            for (OrderRecord o : page) {
                byStatus.merge(o.status(), 1L, Long::sum);
                if (o.status() == OrderStatus.PENDING_PAYMENT) {
                    pending += o.quantity();
                } else if (o.status() == OrderStatus.PAID) {
                    paid += o.quantity();
                }
                if (o.status().holdsStock()) {
                    holdingByUser.merge(o.userId(), 1, Integer::sum);
                }
                if (o.status() == OrderStatus.SOLD_OUT && o.shard() >= 0) {
                    overAdmitted++;
                }
                after = o.orderId();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        long twice = holdingByUser.values().stream().filter(n -> n > 1).count();
        if (twice > 0) {
            violations.add(new AuditViolation(AuditViolation.Kind.USER_HOLDS_TWO_ORDERS,
                    twice + " user(s) hold more than one pending or paid order"));
        }
        long oversold = 0;
        if (stock != null) {
            oversold = Math.max(0, Math.max(stock.locked() + stock.sold(), pending + paid) - stock.totalStock());
            if (oversold > 0) {
                violations.add(new AuditViolation(AuditViolation.Kind.OVERSOLD, oversold + " unit(s) beyond the stock"
                        + " of " + stock.totalStock() + " (stock row locked " + stock.locked() + " + sold "
                        + stock.sold() + ", orders pending " + pending + " + paid " + paid + ")"));
            }
            if (!stock.balanced()) {
                violations.add(new AuditViolation(AuditViolation.Kind.STOCK_EQUATION, "total " + stock.totalStock()
                        + " != available " + stock.available() + " + locked " + stock.locked() + " + sold "
                        + stock.sold()));
            }
            if (pending != stock.locked() || paid != stock.sold()) {
                violations.add(new AuditViolation(AuditViolation.Kind.ORDERS_DO_NOT_MATCH_STOCK, "pending orders hold "
                        + pending + " unit(s) against locked " + stock.locked() + "; paid orders " + paid
                        + " against sold " + stock.sold()));
            }
        }
        if (admission == null || stock == null) {
            return new AuditReport(activityId, stock, byStatus, pending, paid, twice, oversold, overAdmitted, false, 0,
                    0, 0, 0, 0, violations);
        }
        return auditAdmission(activityId, stock, byStatus, pending, paid, twice, oversold, overAdmitted, violations);
    }

    private AuditReport auditAdmission(long activityId, StockSnapshot stock, Map<OrderStatus, Long> byStatus,
            long pending, long paid, long twice, long oversold, long overAdmitted, List<AuditViolation> violations) {
        AdmissionStock snap = Objects.requireNonNull(admission).stock().snapshot(activityId);
        List<Long> ids = new ArrayList<>();
        snap.held().forEach(t -> ids.add(t.orderId()));
        LedgerView view = ledger.view(activityId, ids);
        long available = view.stock() != null ? view.stock().available() : stock.available();
        long now = clock.millis();
        long inFlight = 0;
        long lost = 0;
        long keptUnsold = 0;
        for (TakenUnits t : snap.held()) {
            OrderStatus status = view.statuses().get(t.orderId());
            if (status == null) {
                inFlight += t.quantity();
                if (t.takenAtMillis() < now - graceMillis) {
                    lost++;
                }
            } else if (!status.holdsStock() && status != OrderStatus.SOLD_OUT) {
                keptUnsold += t.quantity();
            }
        }
        if (lost > 0) {
            violations.add(new AuditViolation(AuditViolation.Kind.QUEUED_NOT_IN_LEDGER, lost + " order(s) admitted "
                    + "more than " + graceMillis + " ms ago never reached the ledger"));
        }
        long remaining = snap.remaining();
        // Orders taken after the snapshot and settled before the ledger read count twice; a second snapshot bounds
        // them, so that a sale in full flow does not read as drift.
        long excess = remaining + inFlight - available;
        if (snap.loaded() && excess > 0) {
            excess -= Reconciler.unitsTakenSince(snap, admission.stock().snapshot(activityId));
        }
        if (snap.loaded() && excess > 0) {
            violations.add(new AuditViolation(AuditViolation.Kind.ADMISSION_ABOVE_LEDGER, "admission holds "
                    + remaining + " + " + inFlight + " in flight, the ledger can sell " + available));
        }
        long undersold = Math.max(0, available - remaining - inFlight);
        return new AuditReport(activityId, stock, byStatus, pending, paid, twice, oversold, overAdmitted, true,
                remaining, inFlight, lost, undersold, keptUnsold, violations);
    }
}
