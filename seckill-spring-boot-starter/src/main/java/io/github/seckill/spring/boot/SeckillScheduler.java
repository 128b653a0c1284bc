package io.github.seckill.spring.boot;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The starter's own threads for the reconciler's runs and the worker id's lease renewals. Not a
 * {@link ScheduledExecutorService} bean: the application's {@code @Scheduled} methods would pick that up.
 */
final class SeckillScheduler implements AutoCloseable {

    private final ScheduledExecutorService executor;

    SeckillScheduler() {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "seckill-scheduler-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
