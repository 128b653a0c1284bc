package io.github.seckill.admission;

import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A give-back that reports what happened and never throws; the one place give-back failures are logged. */
final class ReportingGiveBack implements StockGiveBack {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingGiveBack.class);

    private final StockGiveBack delegate;
    private final SeckillListener listener;

    ReportingGiveBack(StockGiveBack delegate, SeckillListener listener) {
        this.delegate = delegate;
        this.listener = Listeners.safe(listener);
    }

    @Override
    public boolean giveBack(HeldUnits units) {
        if (!units.inAdmission()) {
            return false;
        }
        try {
            boolean restored = delegate.giveBack(units);
            if (restored) {
                listener.restored(units.activityId(), units.orderId());
            }
            return restored;
        } catch (RuntimeException e) {
            LOG.error("the {} units of order {} of activity {} could not be given back to admission; they stay unsold "
                    + "until reconciliation", units.quantity(), units.orderId(), units.activityId(), e);
            listener.giveBackFailed(units.activityId(), units.orderId(), units.quantity(), e);
            return false;
        }
    }

    @Override
    public String toString() {
        return "ReportingGiveBack{" + delegate + '}';
    }
}
