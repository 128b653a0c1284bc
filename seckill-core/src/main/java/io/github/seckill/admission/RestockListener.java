package io.github.seckill.admission;

/** Told when stock came back to an activity, so every JVM can lower its local sold-out flag. */
@FunctionalInterface
public interface RestockListener {

    /** @param activityId the activity that has stock again */
    void restocked(long activityId);
}
