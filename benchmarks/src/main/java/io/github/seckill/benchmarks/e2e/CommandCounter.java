package io.github.seckill.benchmarks.e2e;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands a Lettuce client sends, by type: each is one request and one answer on the wire, however the
 * client pipelines them. Added to the client before it connects.
 */
final class CommandCounter implements CommandListener {

    private final ConcurrentHashMap<String, LongAdder> sent = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        sent.computeIfAbsent(event.getCommand().getType().toString(), k -> new LongAdder()).increment();
    }

    /** @return commands sent so far, by type */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        sent.forEach((type, n) -> out.put(type, n.sum()));
        return out;
    }

    /**
     * @param later a snapshot
     * @param earlier an earlier snapshot
     * @return the commands sent in between, by type
     */
    static Map<String, Long> since(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> out = new TreeMap<>();
        later.forEach((type, n) -> {
            long d = n - earlier.getOrDefault(type, 0L);
            if (d > 0) {
                out.put(type, d);
            }
        });
        return out;
    }
}
