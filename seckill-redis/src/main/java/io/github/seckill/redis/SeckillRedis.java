package io.github.seckill.redis;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.status.OrderStatusFeed;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.InstantSource;
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
 * try (SeckillRedis redis = SeckillRedis.builder(client).keyPrefix("shop").build()) {
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
    private final RedisWaitlist waitlist;
    private final RedisOrderStatusFeed statusFeed;
    private final RedisShardedStockStore store;
    private final AdmissionGate gate;
    private final RedisSharedShardBitmap sharedBitmap;
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
        Executor given = options.callbackExecutor();
        this.ownCallbacks = given != null ? null : Executors.newFixedThreadPool(
                Math.max(4, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "seckill-redis-callback");
                    t.setDaemon(true);
                    return t;
                });
        Executor callbacks = given != null ? given : Objects.requireNonNull(ownCallbacks);
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
        this.waitlist = new RedisWaitlist(redis, layouts, options.restockChannel());
        this.statusFeed = new RedisOrderStatusFeed(redis, keys, pubSub, options.commandTimeout(), redis::deliver);
        this.store = new RedisShardedStockStore(
                redis, keys, layouts, restocks, options.restockChannel(), cluster, options.clock());
        this.sharedBitmap = new RedisSharedShardBitmap(redis, keys);
        this.gate = cluster
                ? AdmissionGate.compose(guard, store)
                : new ScriptAdmissionGate(redis, keys, layouts, store, guard, options.restockChannel(),
                        options.coalescing(), computation);
    }

    /**
     * @param client a standalone Redis client, which stays the caller's
     * @return the backend with default settings
     * @throws BackendUnavailableException if Redis cannot be reached
     */
    public static SeckillRedis create(RedisClient client) {
        return builder(client).build();
    }

    /**
     * @param client a Redis Cluster client, which stays the caller's
     * @return the backend with default settings
     * @throws BackendUnavailableException if the cluster cannot be reached
     */
    public static SeckillRedis create(RedisClusterClient client) {
        return builder(client).build();
    }

    /**
     * @param client a standalone Redis client, which stays the caller's
     * @return a builder: prefix {@code seckill}, 2 s command timeout, {@link Coalescing#defaults()}
     */
    public static Builder builder(RedisClient client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * @param client a Redis Cluster client, which stays the caller's ({@link Builder#coalescing} does not apply:
     *     cluster admissions take several single-slot steps)
     * @return a builder: prefix {@code seckill}, 2 s command timeout
     */
    public static Builder builder(RedisClusterClient client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
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

    /** @return the waitlist kept with the shards, for {@code FlashSaleBuilder.waitlist} */
    public Waitlist waitlist() {
        return waitlist;
    }

    /**
     * @return the order updates feed on Redis pub/sub ({@code <prefix>:<activity>:status}): publish to it with
     *     {@code StatusPublisher.to(feed)} as a listener, watch orders with {@code OrderUpdates}
     */
    public OrderStatusFeed statusFeed() {
        return statusFeed;
    }

    /**
     * @return the shard bitmap every instance of a sale shares ({@code <prefix>:<activity>:empty-shards}), for
     *     {@code FlashSaleBuilder.sharedShardBitmap}
     */
    public SharedShardBitmap sharedShardBitmap() {
        return sharedBitmap;
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
        statusFeed.close();
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

    /** Builds a {@link SeckillRedis} on the caller's client; every setter checks its value. */
    public static final class Builder {
        private final @Nullable RedisClient standaloneClient;
        private final @Nullable RedisClusterClient clusterClient;
        String keyPrefix = "seckill";
        @Nullable String restockChannel;
        Duration commandTimeout = Duration.ofSeconds(2);
        Coalescing coalescing = Coalescing.defaults();
        @Nullable Executor callbackExecutor;
        InstantSource clock = InstantSource.system();

        private Builder(@Nullable RedisClient standaloneClient, @Nullable RedisClusterClient clusterClient) {
            this.standaloneClient = standaloneClient;
            this.clusterClient = clusterClient;
        }

        /**
         * @param prefix the prefix of every key, default {@code seckill}; without braces (they would become a Redis
         *     Cluster hash tag and pull keys into one slot) or whitespace
         * @return this
         */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("keyPrefix must be non-empty, without braces or whitespace: '"
                        + prefix + "'");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * @param channel the pub/sub channel of restock notifications; default {@code <keyPrefix>:restock}. Every JVM
         *     of one deployment must use the same one.
         * @return this
         */
        public Builder restockChannel(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.isEmpty()) {
                throw new IllegalArgumentException("restockChannel must not be empty");
            }
            this.restockChannel = channel;
            return this;
        }

        /**
         * @param timeout how long one Redis call may take, default 2 s. Past it, an admission's outcome is unknown
         *     ({@link io.github.seckill.AttemptOutcomeUnknownException}: retry with the same request id) and any other
         *     call fails with {@link io.github.seckill.BackendUnavailableException}.
         * @return this
         */
        public Builder commandTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive");
            }
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * @param batching how the standalone admission gate batches attempts; default {@link Coalescing#defaults()}
         * @return this
         */
        public Builder coalescing(Coalescing batching) {
            this.coalescing = Objects.requireNonNull(batching, "batching");
            return this;
        }

        /**
         * @param executor where asynchronous answers and restock notifications are delivered; default a small pool the
         *     backend owns. Never Lettuce's own threads: callers may block on Redis, or on the queue, in callbacks.
         * @return this
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param source the wall clock for steps that are not given a time (steals between cluster slots record how
         *     long their units count as in transit); default the system clock. Every JVM's clock should be within a
         *     minute of the others.
         * @return this
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Opens the backend's connection and loads the script.
         *
         * @return the backend
         * @throws BackendUnavailableException if Redis cannot be reached
         */
        public SeckillRedis build() {
            SeckillRedisOptions options = new SeckillRedisOptions(this);
            if (standaloneClient != null) {
                RedisClient client = standaloneClient;
                StatefulRedisConnection<String, String> connection = connect(() -> client.connect(StringCodec.UTF8));
                return new SeckillRedis(options, false, connection, connection.async(), ShardPlacement.singleNode(),
                        () -> client.connectPubSub(StringCodec.UTF8));
            }
            RedisClusterClient client = Objects.requireNonNull(clusterClient);
            StatefulRedisClusterConnection<String, String> connection = connect(() -> client.connect(StringCodec.UTF8));
            return new SeckillRedis(options, true, connection, connection.async(),
                    ShardPlacement.cluster(connection::getPartitions), () -> client.connectPubSub(StringCodec.UTF8));
        }
    }
}
