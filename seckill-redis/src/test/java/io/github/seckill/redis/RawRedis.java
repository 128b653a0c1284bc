package io.github.seckill.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plain commands on the real keys, to check what the backend wrote: GET, HGETALL, SCAN. For a cluster, {@link #scan}
 * and {@link #onEveryNode} go to each master through its own connection.
 */
final class RawRedis {

    private static StatefulRedisConnection<String, String> standalone;
    private static io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String> cluster;

    private final boolean onCluster;
    private final RedisKeys keys;

    private RawRedis(boolean onCluster, String prefix) {
        this.onCluster = onCluster;
        this.keys = new RedisKeys(prefix);
    }

    /** @return raw access to the backend's Redis, reading keys of {@code backend}'s prefix */
    static RawRedis of(SeckillRedis backend) {
        return new RawRedis(backend.isCluster(), backend.options().keyPrefix());
    }

    /** @return commands on the standalone server or, routed by key, on the cluster */
    RedisClusterCommands<String, String> sync() {
        return onCluster ? clusterConnection().sync() : standaloneConnection().sync();
    }

    RedisKeys keys() {
        return keys;
    }

    private static synchronized StatefulRedisConnection<String, String> standaloneConnection() {
        if (standalone == null) {
            standalone = TestRedis.standaloneClient().connect();
        }
        return standalone;
    }

    private static synchronized io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String>
            clusterConnection() {
        if (cluster == null) {
            cluster = TestRedis.clusterClient().connect();
        }
        return cluster;
    }

    /** @return the tags the activity's meta key holds, one per shard, or {@code null} if it has none */
    String[] tags(long activityId) {
        String tags = sync().hget(keys.meta(activityId), "tags");
        return tags == null ? null : tags.split(",");
    }

    /** @return the stock keys of a loaded activity, read from its meta key */
    List<String> stockKeys(long activityId) {
        List<String> out = new ArrayList<>();
        for (String tag : tags(activityId)) {
            out.add(keys.stock(activityId, tag));
        }
        return out;
    }

    /** @return the order-record keys of a loaded activity, read from its meta key */
    List<String> orderKeys(long activityId) {
        List<String> out = new ArrayList<>();
        for (String tag : tags(activityId)) {
            out.add(keys.orders(activityId, tag));
        }
        return out;
    }

    /** @return every key matching the pattern, scanned on every master */
    List<String> scan(String pattern) {
        List<String> found = new ArrayList<>();
        onEveryNode(node -> {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = node.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
                found.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
        });
        return found;
    }

    /** Runs {@code action} on a connection to each master (the one server when standalone). */
    void onEveryNode(Consumer<RedisClusterCommands<String, String>> action) {
        if (!onCluster) {
            action.accept(standaloneConnection().sync());
            return;
        }
        for (String uri : io.github.seckill.testservers.RealServers.redisCluster().uris()) {
            RedisClient client = RedisClient.create(TestRedis.resources(), RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                action.accept(c.sync());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }
}
