package io.github.seckill.redis;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.ShardedStockStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the Redis admission backend, on the caller's own Lettuce client: standalone ({@link RedisClient}) or
 * Redis Cluster ({@link RedisClusterClient}).
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
 * try (SeckillRedis redis = SeckillRedis.create(client, SeckillRedisOptions.builder().keyPrefix("shop").build())) {
 *     FlashSale sale = FlashSale.builder(redis.admissionGate(), queue).build();
 *     sale.launch(ActivityConfig.builder(888).stock(1000).shards(4).build());
 *     AttemptResult r = sale.attempt(888, userId, requestId);
 * }
 * client.shutdown();
 * }</pre>
 *
 * <p>On standalone Redis, {@link #admissionGate()} decides each attempt (dedupe and the shard plan) in one atomic
 * script call and batches concurrent attempts into shared calls. On Redis Cluster, where one script cannot reach a
 * user's slot and the shards' slots together, it is {@link AdmissionGate#compose} over {@link #dedupeGuard()} and
 * {@link #stockStore()}: the claim, take, confirm protocol, with every step atomic in its own slot (see
 * {@code docs/redis-cluster-protocol.md}). Both share one key layout (see the package documentation), so the guard and
 * store can be used on their own beside the gate.
 *
 * <p>An instance opens its own connections from the client, one for commands and, on the first
 * {@code onRestock}, one for the restock subscription, and closes them in {@link #close()}. The client stays the
 * caller's. Thread-safe; share one instance per client.
 */
public final class SeckillRedis implements AutoCloseable {

    private final SeckillRedisOptions options;
    private final boolean cluster;
    private final RedisCalls redis;
    private final RestockSubscription restocks;
    private final RedisDedupeGuard guard;
    private final RedisShardedStockStore store;
    private final AdmissionGate gate;
    private final @Nullable ExecutorService ownCallbacks;

    private SeckillRedis(
            SeckillRedisOptions options, boolean cluster, StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands, ShardPlacement placement,
            Supplier<StatefulRedisPubSubConnection<String, String>> pubSub) {
        this.options = options;
        this.cluster = cluster;
        ScheduledExecutorService computation = connection.getResources().eventExecutorGroup();
        // Answers complete continuations that may block (publishing to the queue, reading stock): never on the few
        // threads Lettuce itself runs on.
        this.ownCallbacks = options.callbackExecutor() != null ? null : Executors.newFixedThreadPool(
                Math.max(4, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "seckill-redis-callback");
                    t.setDaemon(true);
                    return t;
                });
        Executor callbacks = options.callbackExecutor() != null ? options.callbackExecutor() : ownCallbacks;
        this.redis = new RedisCalls(connection, commands, options.commandTimeout(), callbacks);
        try {
            redis.loadScript();
        } catch (RuntimeException e) {
            redis.close();
            if (ownCallbacks != null) {
                ownCallbacks.shutdown();
            }
            throw e;
        }
        RedisKeys keys = new RedisKeys(options.keyPrefix());
        ShardLayouts layouts = new ShardLayouts(redis, keys, placement);
        this.restocks = new RestockSubscription(
                pubSub, options.restockChannel(), options.commandTimeout(), redis::deliver, layouts::knownActivities);
        this.guard = new RedisDedupeGuard(redis, keys);
        this.store = new RedisShardedStockStore(
                redis, keys, layouts, restocks, options.restockChannel(), cluster, options.clock());
        this.gate = cluster
                ? AdmissionGate.compose(guard, store)
                : new ScriptAdmissionGate(redis, keys, layouts, store, guard, options.restockChannel(),
                        options.coalescing(), computation);
    }

    /**
     * @param client a standalone Redis client, which stays the caller's
     * @return the backend with {@linkplain SeckillRedisOptions#defaults() default options}
     * @throws BackendUnavailableException if Redis cannot be reached
     */
    public static SeckillRedis create(RedisClient client) {
        return create(client, SeckillRedisOptions.defaults());
    }

    /**
     * @param client a standalone Redis client, which stays the caller's
     * @param options settings
     * @return the backend
     * @throws BackendUnavailableException if Redis cannot be reached
     */
    public static SeckillRedis create(RedisClient client, SeckillRedisOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        StatefulRedisConnection<String, String> connection = connect(() -> client.connect(StringCodec.UTF8));
        return new SeckillRedis(options, false, connection, connection.async(), ShardPlacement.singleNode(),
                () -> client.connectPubSub(StringCodec.UTF8));
    }

    /**
     * @param client a Redis Cluster client, which stays the caller's
     * @return the backend with {@linkplain SeckillRedisOptions#defaults() default options}
     * @throws BackendUnavailableException if the cluster cannot be reached
     */
    public static SeckillRedis create(RedisClusterClient client) {
        return create(client, SeckillRedisOptions.defaults());
    }

    /**
     * @param client a Redis Cluster client, which stays the caller's
     * @param options settings ({@link SeckillRedisOptions#coalescing()} does not apply: cluster admissions take
     *     several single-slot steps)
     * @return the backend
     * @throws BackendUnavailableException if the cluster cannot be reached
     */
    public static SeckillRedis create(RedisClusterClient client, SeckillRedisOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        StatefulRedisClusterConnection<String, String> connection = connect(() -> client.connect(StringCodec.UTF8));
        return new SeckillRedis(options, true, connection, connection.async(),
                ShardPlacement.cluster(connection::getPartitions), () -> client.connectPubSub(StringCodec.UTF8));
    }

    private static <C> C connect(Supplier<C> connector) {
        try {
            return connector.get();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("redis", "cannot connect: " + e.getMessage(), e);
        }
    }

    /**
     * The gate a {@link io.github.seckill.engine.FlashSale} uses: one atomic script per attempt (batched) on standalone
     * Redis, the claim, take, confirm protocol over {@link #dedupeGuard()} and {@link #stockStore()} on a cluster.
     *
     * @return the admission gate
     */
    public AdmissionGate admissionGate() {
        return gate;
    }

    /** @return the per-user slots, on the same keys the gate uses */
    public DedupeGuard dedupeGuard() {
        return guard;
    }

    /** @return the sharded stock, on the same keys the gate uses */
    public ShardedStockStore stockStore() {
        return store;
    }

    /** @return whether this backend talks to a Redis Cluster */
    public boolean isCluster() {
        return cluster;
    }

    /** @return the settings */
    public SeckillRedisOptions options() {
        return options;
    }

    /** Closes this backend's connections; the client stays open. */
    @Override
    public void close() {
        restocks.close();
        redis.close();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown();
        }
    }

    @Override
    public String toString() {
        return "SeckillRedis{" + (cluster ? "cluster" : "standalone") + ", " + options + '}';
    }
}
