package io.github.seckill;

/**
 * The admission backend holds no data for an activity. For an activity an engine launched, that means the data was
 * lost (a restart without persistence, a flush, a failover to an empty replica): it is an unavailability of that
 * activity's admission, so degraded admission engages, and the activity must be rebuilt from the ledger (a reconciler
 * does), never from its configured stock, which would sell again the units sold before the loss.
 */
public class ActivityNotLoadedException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    private final long activityId;

    /**
     * @param backend the backend's short name, for example {@code redis}
     * @param activityId the activity it holds no data for
     */
    public ActivityNotLoadedException(String backend, long activityId) {
        super(backend, "holds no data for activity " + activityId + " (never loaded there, or lost)", null);
        this.activityId = activityId;
    }

    /** @return the activity the backend holds no data for */
    public long activityId() {
        return activityId;
    }
}
