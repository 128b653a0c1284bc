package io.github.seckill.micrometer;

import io.github.seckill.mysql.MySqlLedgerListener;
import java.util.Objects;

/**
 * The MySQL ledger's retries as {@code ledger.retries} (tags {@code operation}, {@code exception}), under the prefix
 * and common tags of a {@link SeckillMetrics}:
 * {@code SeckillMySql.builder(pool).listener(MySqlLedgerMetrics.of(metrics)).build()}.
 *
 * <p>{@code seckill-mysql} is an optional dependency of this module: only this class needs it, and nothing else
 * refers to it, so the rest works without it on the class path.
 */
public final class MySqlLedgerMetrics implements MySqlLedgerListener {

    private final SeckillMetrics metrics;

    private MySqlLedgerMetrics(SeckillMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param metrics the metrics whose registry, prefix and common tags to use
     * @return a ledger listener feeding them
     */
    public static MySqlLedgerMetrics of(SeckillMetrics metrics) {
        return new MySqlLedgerMetrics(Objects.requireNonNull(metrics, "metrics"));
    }

    @Override
    public void retried(String operation, int attempt, Throwable cause) {
        metrics.ledgerRetried(operation, cause);
    }

    @Override
    public String toString() {
        return "MySqlLedgerMetrics[" + metrics.prefix() + "]";
    }
}
