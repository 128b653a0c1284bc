package io.github.seckill.example.backend;

import io.github.seckill.ActivityConfig;
import io.github.seckill.BackendUnavailableException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog every instance of a sale shares: one Redis hash, activity id to its configuration. */
final class RedisCatalog implements ActivityCatalog, AutoCloseable {

    private static final String KEY = "seckill-app:activities";

    private final RedisClusterCommands<String, String> commands;
    private final AutoCloseable connection;

    /**
     * @param commands a connection's synchronous commands, standalone or cluster (the hash is one key, one slot)
     * @param connection the connection, closed with the catalog
     */
    RedisCatalog(RedisClusterCommands<String, String> commands, AutoCloseable connection) {
        this.commands = commands;
        this.connection = connection;
    }

    private RedisClusterCommands<String, String> redis() {
        return commands;
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
    public void close() throws Exception {
        connection.close();
    }
}
