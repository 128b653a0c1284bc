package io.github.seckill.engine;

import io.github.seckill.ActivityConfig;
import io.github.seckill.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The activities launched on one engine. Lookups, on every attempt, are a lock-free binary search over an array
 * sorted by id; launches and retirements replace the array under the registry's lock.
 */
final class ActivityRegistry {

    private volatile ActivityState[] activities = new ActivityState[0];

    /**
     * @param activityId an activity id
     * @return its state, or {@code null} if it is not launched here
     */
    @Nullable ActivityState find(long activityId) {
        ActivityState[] all = activities;
        int lo = 0;
        int hi = all.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long id = all[mid].id;
            if (id < activityId) {
                lo = mid + 1;
            } else if (id > activityId) {
                hi = mid - 1;
            } else {
                return all[mid];
            }
        }
        return null;
    }

    /**
     * @param activityId an activity id
     * @return its state
     * @throws InvalidRequestException naming {@code activityId} if it is not launched here
     */
    ActivityState require(long activityId) {
        ActivityState a = find(activityId);
        if (a == null) {
            throw new InvalidRequestException("activityId", "no activity " + activityId + " is launched");
        }
        return a;
    }

    /**
     * Registers an activity, once: the same configuration again returns the state already registered.
     *
     * @param config the activity
     * @param create builds the state of a new activity (warming the backend up); runs under the registry's lock
     * @return the activity's state
     * @throws InvalidRequestException if the activity is registered with another configuration
     */
    synchronized ActivityState launch(ActivityConfig config, Function<ActivityConfig, ActivityState> create) {
        ActivityState existing = find(config.activityId());
        if (existing != null) {
            if (existing.config.equals(config)) {
                return existing;
            }
            throw new InvalidRequestException(
                    "activityId", "activity " + config.activityId() + " is already launched with another configuration");
        }
        ActivityState state = create.apply(config);
        ActivityState[] next = Arrays.copyOf(activities, activities.length + 1);
        next[next.length - 1] = state;
        Arrays.sort(next, (x, y) -> Long.compare(x.id, y.id));
        activities = next;
        return state;
    }

    /**
     * @param activityId an activity id
     * @return the state removed, or {@code null} if it was not registered
     */
    synchronized @Nullable ActivityState remove(long activityId) {
        ActivityState[] all = activities;
        for (int i = 0; i < all.length; i++) {
            if (all[i].id == activityId) {
                ActivityState[] next = new ActivityState[all.length - 1];
                System.arraycopy(all, 0, next, 0, i);
                System.arraycopy(all, i + 1, next, i, all.length - i - 1);
                activities = next;
                return all[i];
            }
        }
        return null;
    }

    /** @return how many activities are registered */
    int size() {
        return activities.length;
    }

    /** @return the registered activities, by id */
    List<ActivityState> all() {
        return new ArrayList<>(Arrays.asList(activities));
    }
}
