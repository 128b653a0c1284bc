package io.github.seckill.redis;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderState;
import io.github.seckill.OrderUpdate;
import io.github.seckill.status.OrderStatusFeed;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrderStatusFeed} on Redis pub/sub: each activity has a channel ({@code <prefix>:<activity>:status}), every
 * instance publishes its order updates there and subscribes to the activities its buyers watch, over one pub/sub
 * connection of its own. Pub/sub is fire-and-forget, at most once, which is what the feed promises: polling the ledger
 * is the fallback and {@code OrderUpdates.watch} reads the order once after subscribing. Publishing never waits:
 * it is asynchronous, and a failure is logged.
 *
 * <p>Message: {@code <order id>:<user id>:<state>:<at millis>}.
 */
final class RedisOrderStatusFeed implements OrderStatusFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisOrderStatusFeed.class);

    private final RedisCalls redis;
    private final RedisKeys keys;
    private final Supplier<StatefulRedisPubSubConnection<String, String>> connector;
    private final Duration timeout;
    /** Never a Lettuce I/O thread: subscribers may call Redis. */
    private final Executor callbacks;
    /** Subscribers by channel. Guarded by this. */
    private final Map<String, CopyOnWriteArrayList<Consumer<OrderUpdate>>> subscribers = new HashMap<>();
    private @Nullable StatefulRedisPubSubConnection<String, String> connection;
    private boolean closed;

    RedisOrderStatusFeed(RedisCalls redis, RedisKeys keys,
            Supplier<StatefulRedisPubSubConnection<String, String>> connector, Duration timeout, Executor callbacks) {
        this.redis = redis;
        this.keys = keys;
        this.connector = connector;
        this.timeout = timeout;
        this.callbacks = callbacks;
    }

    @Override
    public void publish(OrderUpdate u) {
        String channel = keys.status(u.activityId());
        String message = u.orderId() + ":" + u.userId() + ":" + u.state().name() + ":" + u.atMillis();
        redis.send(() -> redis.commands().publish(channel, message)).whenComplete((receivers, failure) -> {
            if (failure != null) {
                LOG.warn("could not push the update of order {} on {}", u.orderId(), channel, failure);
            }
        });
    }

    @Override
    public synchronized AutoCloseable subscribe(long activityId, Consumer<OrderUpdate> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (closed) {
            throw new IllegalStateException("closed");
        }
        String channel = keys.status(activityId);
        CopyOnWriteArrayList<Consumer<OrderUpdate>> list = subscribers.get(channel);
        if (list == null) {
            list = new CopyOnWriteArrayList<>();
            try {
                connection().sync().subscribe(channel);
            } catch (RuntimeException e) {
                throw new BackendUnavailableException("redis", "cannot subscribe to " + channel, e);
            }
            subscribers.put(channel, list);
        }
        list.add(subscriber);
        return () -> unsubscribe(channel, subscriber);
    }

    private synchronized void unsubscribe(String channel, Consumer<OrderUpdate> subscriber) {
        CopyOnWriteArrayList<Consumer<OrderUpdate>> list = subscribers.get(channel);
        if (list == null || !list.remove(subscriber) || !list.isEmpty()) {
            return;
        }
        subscribers.remove(channel);
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null && !closed) {
            c.async().unsubscribe(channel);
        }
    }

    private StatefulRedisPubSubConnection<String, String> connection() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null) {
            return c;
        }
        c = connector.get();
        c.setTimeout(timeout);
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                heard(channel, message);
            }
        });
        connection = c;
        return c;
    }

    private void heard(String channel, String message) {
        List<Consumer<OrderUpdate>> list;
        synchronized (this) {
            list = subscribers.get(channel);
        }
        if (list == null) {
            return;
        }
        OrderUpdate update = parse(channel, message);
        if (update == null) {
            return;
        }
        callbacks.execute(() -> {
            for (Consumer<OrderUpdate> s : list) {
                try {
                    s.accept(update);
                } catch (RuntimeException e) {
                    LOG.warn("order update subscriber failed", e);
                }
            }
        });
    }

    private @Nullable OrderUpdate parse(String channel, String message) {
        try {
            String[] parts = message.split(":", 4);
            String[] name = channel.split(":");
            long activityId = Long.parseLong(name[name.length - 2]);
            return new OrderUpdate(activityId, Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    OrderState.valueOf(parts[2]), Long.parseLong(parts[3]));
        } catch (RuntimeException e) {
            LOG.warn("ignoring order update '{}' on {}", message, channel);
            return null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        subscribers.clear();
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null) {
            c.close();
            connection = null;
        }
    }
}
