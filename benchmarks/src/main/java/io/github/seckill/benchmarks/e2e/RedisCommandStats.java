package io.github.seckill.benchmarks.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands Redis itself counted, from {@code INFO commandstats}: the difference of two readings is what a stretch of
 * work cost Redis, whatever the client batched or pipelined.
 *
 * @param calls calls per command, e.g. {@code evalsha -> 1234}
 */
public record RedisCommandStats(Map<String, Long> calls) {

    private static final Pattern LINE = Pattern.compile("^cmdstat_([^:]+):calls=(\\d+)", Pattern.MULTILINE);

    /** Copies and sorts the map. */
    public RedisCommandStats {
        calls = new TreeMap<>(calls);
    }

    /**
     * @param info the text of {@code INFO commandstats}
     * @return the calls it lists
     */
    public static RedisCommandStats parse(String info) {
        Map<String, Long> calls = new TreeMap<>();
        Matcher m = LINE.matcher(info);
        while (m.find()) {
            calls.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new RedisCommandStats(calls);
    }

    /**
     * @param earlier a reading taken before this one
     * @return the calls made in between, leaving out the {@code INFO} calls that took the readings
     */
    public RedisCommandStats since(RedisCommandStats earlier) {
        Map<String, Long> delta = new TreeMap<>();
        calls.forEach((command, n) -> {
            long d = n - earlier.calls.getOrDefault(command, 0L);
            if (d > 0 && !command.equals("info")) {
                delta.put(command, d);
            }
        });
        return new RedisCommandStats(delta);
    }

    /** @return every call counted */
    public long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}
