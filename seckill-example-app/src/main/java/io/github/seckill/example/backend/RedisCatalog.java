package io.github.seckill.example.backend;

import io.github.seckill.ActivityConfig;
import io.github.seckill.BackendUnavailableException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog every instance of a sale shares: one Redis hash, activity id to its configuration. */
final class RedisCatalog implements ActivityCatalog, AutoCloseable {

    private static final String KEY = "seckill-app:activities";

    private final StatefulRedisConnection<String, String> connection;

    RedisCatalog(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public boolean add(ActivityConfig config) {
        try {
            return Boolean.TRUE.equals(redis().hsetnx(KEY, Long.toString(config.activityId()),
                    ActivityCatalog.encode(config)));
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("redis", "cannot record activity " + config.activityId(), e);
        }
    }

    @Override
    public Optional<ActivityConfig> find(long activityId) {
        try {
            String line = redis().hget(KEY, Long.toString(activityId));
            return line == null ? Optional.empty() : Optional.of(ActivityCatalog.decode(line));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("redis", "cannot read activity " + activityId, e);
        }
    }

    @Override
    public List<ActivityConfig> all() {
        List<ActivityConfig> out = new ArrayList<>();
        try {
            for (String line : redis().hvals(KEY)) {
                try {
                    out.add(ActivityCatalog.decode(line));
                } catch (IllegalArgumentException e) {
                    // another release's line: not ours to read
                }
            }
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("redis", "cannot list activities", e);
        }
        return out;
    }

    @Override
    public void close() {
        connection.close();
    }
}
