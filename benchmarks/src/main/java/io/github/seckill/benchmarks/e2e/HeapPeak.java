package io.github.seckill.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap this JVM used: sampled every few milliseconds (used heap at one instant, the honest peak), and the sum
 * of every heap pool's own peak (an upper bound: the pools peak at different times).
 */
final class HeapPeak implements AutoCloseable {

    private final AtomicLong sampled = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapPeak() {
        sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                sampled.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** @return the most heap used at one sampled instant, in bytes */
    long sampledPeak() {
        return sampled.get();
    }

    /** @return the sum of the heap pools' peaks, in bytes */
    static long poolPeakSum() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
