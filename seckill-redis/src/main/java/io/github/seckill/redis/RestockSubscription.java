package io.github.seckill.redis;

import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.RestockListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restock notifications on every JVM: the give-back scripts PUBLISH the activity id on the restock channel in the same
 * atomic step that gives units back, and each JVM's subscription tells its {@link RestockListener}s. A JVM hears its
 * own give-backs through the channel too, so each restock is heard exactly once per listener.
 *
 * <p>Pub/sub delivers at most once: messages sent while the subscription is down are lost, which would leave a JVM's
 * sold-out flag up while stock is back. So when Lettuce re-subscribes after a reconnect, every activity this JVM knows
 * is reported restocked; a spurious report only costs the engine one confirmation round trip.
 */
final class RestockSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestockSubscription.class);

    private final Supplier<StatefulRedisPubSubConnection<String, String>> connector;
    private final String channel;
    private final Duration timeout;
    /** Never a Lettuce I/O thread: listeners may call Redis. */
    private final Executor callbacks;
    private final Supplier<Set<Long>> knownActivities;
    private final CopyOnWriteArrayList<RestockListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean subscribedBefore = new AtomicBoolean();
    private @Nullable StatefulRedisPubSubConnection<String, String> connection;
    private boolean closed;

    RestockSubscription(
            Supplier<StatefulRedisPubSubConnection<String, String>> connector, String channel, Duration timeout,
            Executor callbacks, Supplier<Set<Long>> knownActivities) {
        this.connector = connector;
        this.channel = channel;
        this.timeout = timeout;
        this.callbacks = callbacks;
        this.knownActivities = knownActivities;
    }

    /**
     * Adds a listener, subscribing to the channel first if this is the first one. Returns once the subscription is
     * confirmed by Redis, so that no restock after this call is missed.
     *
     * @param listener the listener
     * @return a handle that removes it
     */
    AutoCloseable add(RestockListener listener) {
        subscribe();
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized void subscribe() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (connection != null) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> c;
        try {
            c = connector.get();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("redis", "cannot open the restock subscription", e);
        }
        c.setTimeout(timeout);
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (channel.equals(ch)) {
                    heard(message);
                }
            }

            @Override
            public void subscribed(String ch, long count) {
                if (channel.equals(ch) && subscribedBefore.getAndSet(true)) {
                    resubscribed();
                }
            }
        });
        try {
            c.sync().subscribe(channel);
        } catch (RuntimeException e) {
            c.close();
            throw new BackendUnavailableException("redis", "cannot subscribe to " + channel, e);
        }
        connection = c;
    }

    private void heard(String message) {
        long activityId;
        try {
            activityId = Long.parseLong(message);
        } catch (NumberFormatException e) {
            LOG.warn("ignoring restock message '{}' on {}", message, channel);
            return;
        }
        callbacks.execute(() -> tell(activityId));
    }

    private void resubscribed() {
        LOG.info("restock subscription on {} is back; reopening every known activity", channel);
        callbacks.execute(() -> knownActivities.get().forEach(this::tell));
    }

    private void tell(long activityId) {
        for (RestockListener l : listeners) {
            try {
                l.restocked(activityId);
            } catch (RuntimeException e) {
                LOG.warn("restock listener {} failed", l, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        listeners.clear();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
