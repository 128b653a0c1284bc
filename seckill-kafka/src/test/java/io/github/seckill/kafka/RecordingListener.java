package io.github.seckill.kafka;

import io.github.seckill.event.SeckillListener;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.queue.DeadLetter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the queue's and the settler's events for assertions. */
final class RecordingListener implements SeckillListener {

    /** Latest lag reported per partition. */
    final Map<Integer, Long> latestLag = new ConcurrentHashMap<>();
    final Set<String> lagGroups = ConcurrentHashMap.newKeySet();
    /** Consumer threads that reported lag, so had partitions assigned. */
    final Set<String> lagThreads = ConcurrentHashMap.newKeySet();
    final List<Long> allLags = new CopyOnWriteArrayList<>();
    final List<Integer> retryAttempts = new CopyOnWriteArrayList<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    final Map<Settlement.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    final Set<String> settlingThreads = ConcurrentHashMap.newKeySet();

    @Override
    public void consumerLag(String group, int partition, long lag) {
        lagGroups.add(group);
        lagThreads.add(Thread.currentThread().getName());
        allLags.add(lag);
        latestLag.put(partition, lag);
    }

    @Override
    public void consumeRetry(int batchSize, int attempt, Throwable cause) {
        retryAttempts.add(attempt);
    }

    @Override
    public void deadLettered(List<DeadLetter> letters) {
        deadLetters.addAll(letters);
    }

    @Override
    public void settled(List<Settlement> settlements, long nanos) {
        settlingThreads.add(Thread.currentThread().getName());
        for (Settlement s : settlements) {
            outcomes.computeIfAbsent(s.outcome(), o -> new AtomicInteger()).incrementAndGet();
        }
    }

    int count(Settlement.Outcome outcome) {
        AtomicInteger n = outcomes.get(outcome);
        return n == null ? 0 : n.get();
    }
}
