package io.github.seckill.memory;

import io.github.seckill.OrderUpdate;
import io.github.seckill.status.OrderStatusFeed;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link OrderStatusFeed} within one JVM: updates are delivered on the publishing thread. */
public final class InMemoryOrderStatusFeed implements OrderStatusFeed {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryOrderStatusFeed.class);

    private final Map<Long, CopyOnWriteArrayList<Consumer<OrderUpdate>>> subscribers = new ConcurrentHashMap<>();

    @Override
    public void publish(OrderUpdate update) {
        for (Consumer<OrderUpdate> s : subscribers.getOrDefault(update.activityId(), new CopyOnWriteArrayList<>())) {
            try {
                s.accept(update);
            } catch (RuntimeException e) {
                LOG.warn("order update subscriber failed", e);
            }
        }
    }

    @Override
    public AutoCloseable subscribe(long activityId, Consumer<OrderUpdate> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.computeIfAbsent(activityId, id -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> subscribers.computeIfPresent(activityId, (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }
}
