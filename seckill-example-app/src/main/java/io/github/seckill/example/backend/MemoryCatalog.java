package io.github.seckill.example.backend;

import io.github.seckill.ActivityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The catalog of a sale that lives in one JVM. */
final class MemoryCatalog implements ActivityCatalog {

    private final ConcurrentHashMap<Long, ActivityConfig> activities = new ConcurrentHashMap<>();

    @Override
    public boolean add(ActivityConfig config) {
        return activities.putIfAbsent(config.activityId(), config) == null;
    }

    @Override
    public Optional<ActivityConfig> find(long activityId) {
        return Optional.ofNullable(activities.get(activityId));
    }

    @Override
    public List<ActivityConfig> all() {
        return new ArrayList<>(activities.values());
    }
}
