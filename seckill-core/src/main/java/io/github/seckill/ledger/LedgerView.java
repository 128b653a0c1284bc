package io.github.seckill.ledger;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One consistent read of the ledger for reconciliation: an activity's stock row and the statuses of some of its
 * orders, as of one instant, so that no order counts both as settled and as still on its way.
 *
 * @param stock the activity's stock row, {@code null} if the ledger does not know the activity
 * @param statuses the status of each asked order id the ledger has seen; ids it has not seen are absent
 */
public record LedgerView(@Nullable StockSnapshot stock, Map<Long, OrderStatus> statuses) {

    /** Copies the statuses. */
    public LedgerView {
        statuses = Map.copyOf(statuses);
    }

    /** @return the stock row, if the ledger knows the activity */
    public Optional<StockSnapshot> stockRow() {
        return Optional.ofNullable(stock);
    }
}
