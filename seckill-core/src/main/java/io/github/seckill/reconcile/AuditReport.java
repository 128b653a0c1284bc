package io.github.seckill.reconcile;

import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockSnapshot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an audit of one activity found: the ledger's stock row and orders, admission's view when it was audited too,
 * and every broken invariant. {@link #clean()} is the verdict.
 *
 * @param activityId the activity
 * @param stock the ledger's stock row, {@code null} if unknown
 * @param ordersByStatus orders per status, turned-away ones included
 * @param pendingUnits units of orders waiting for payment
 * @param paidUnits units of paid orders
 * @param usersHoldingTwo users holding more than one pending or paid order
 * @param oversold units sold or locked beyond the activity's stock (must be 0)
 * @param overAdmitted orders admission admitted (they hold a shard) that the ledger had no units for: admission was
 *     above the ledger when it admitted them; 0 in a healthy sale, more after degraded admission outran them
 * @param admissionAudited whether admission was audited too
 * @param admissionRemaining units admission can still admit
 * @param admissionInFlight units of orders admission holds that the ledger has not seen yet
 * @param admissionLost orders among those older than the grace: queued but never reached the ledger
 * @param undersold units the ledger can still sell that admission cannot admit (repaired by reconciliation, or
 *     accepted once the window is over)
 * @param keptUnsold units of released orders (closed, cancelled, refunded, failed) that admission still holds: not
 *     offered again. An activity with {@link io.github.seckill.GiveBackPolicy#NONE} keeps them so on purpose; for
 *     the others it is a give-back reconciliation finishes
 * @param violations every broken invariant; empty when clean
 */
public record AuditReport(
        long activityId,
        @Nullable StockSnapshot stock,
        Map<OrderStatus, Long> ordersByStatus,
        long pendingUnits,
        long paidUnits,
        long usersHoldingTwo,
        long oversold,
        long overAdmitted,
        boolean admissionAudited,
        long admissionRemaining,
        long admissionInFlight,
        long admissionLost,
        long undersold,
        long keptUnsold,
        List<AuditViolation> violations) {

    /** Copies the collections. */
    public AuditReport {
        ordersByStatus = Map.copyOf(ordersByStatus);
        violations = List.copyOf(violations);
    }

    /** @return whether every invariant holds */
    public boolean clean() {
        return violations.isEmpty();
    }

    /** @return the report as a two-column table, for a terminal */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        row(out, "activity", Long.toString(activityId));
        if (stock != null) {
            row(out, "ledger stock", "total " + stock.totalStock() + " = available " + stock.available() + " + locked "
                    + stock.locked() + " + sold " + stock.sold());
        }
        row(out, "orders", ordersByStatus.toString());
        row(out, "pending / paid units", pendingUnits + " / " + paidUnits);
        row(out, "oversold", Long.toString(oversold));
        row(out, "users holding two", Long.toString(usersHoldingTwo));
        row(out, "admitted, then sold out", Long.toString(overAdmitted));
        if (admissionAudited) {
            row(out, "admission remaining", Long.toString(admissionRemaining));
            row(out, "admission in flight", Long.toString(admissionInFlight));
            row(out, "queued, never in ledger", Long.toString(admissionLost));
            row(out, "undersold", Long.toString(undersold));
            row(out, "released, kept unsold", Long.toString(keptUnsold));
        }
        row(out, "verdict", clean() ? "clean" : violations.size() + " violation(s)");
        for (AuditViolation v : violations) {
            row(out, "  " + v.kind(), v.detail());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format("%-26s %s%n", name, value));
    }
}
