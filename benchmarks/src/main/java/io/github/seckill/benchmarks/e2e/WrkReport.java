package io.github.seckill.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one wrk process running {@code sale.lua} printed: each thread's counts and times, and wrk's latency.
 *
 * @param threads per wrk thread
 * @param latency wrk's latency percentiles over every request, in milliseconds
 * @param requests requests wrk completed
 * @param socketErrors connect, read, write errors and timeouts
 */
public record WrkReport(List<Thread> threads, Latency latency, long requests, long socketErrors) {

    /** The line {@code sale.lua} prints in {@code done()}. */
    static final String PREFIX = "SECKILL-WRK ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One wrk thread's share. Times are epoch milliseconds, 0 when it never happened.
     *
     * @param attempts requests in its share (0 in ceiling mode: it cycles through them)
     * @param answered answers counted (the waits for the last answers left out)
     * @param firstSent its first request
     * @param lastAnswer its last counted answer
     * @param lastAdmitted its last {@code 202}
     * @param answeredAtLastAdmitted answers it had counted by then
     * @param firstSoldOut its first {@code 410}
     * @param lastSoldOut its last {@code 410}
     * @param byStatus answers by HTTP status
     * @param buckets answers per status and 100 ms bucket: {@code "410:17961334745"} (epoch ms / 100)
     */
    public record Thread(long attempts, long answered, double firstSent, double lastAnswer, double lastAdmitted,
            long answeredAtLastAdmitted, double firstSoldOut, double lastSoldOut, Map<Integer, Long> byStatus,
            Map<String, Long> buckets) {
    }

    /**
     * @param output everything wrk printed
     * @return the report in it
     * @throws IllegalStateException if there is none
     */
    static WrkReport parse(String output) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(PREFIX)) {
                try {
                    return of(JSON.readTree(line.substring(PREFIX.length())));
                } catch (IOException e) {
                    throw new IllegalStateException("wrk printed a report that is not JSON: " + line, e);
                }
            }
        }
        throw new IllegalStateException("wrk printed no report: " + output.strip());
    }

    private static WrkReport of(JsonNode root) {
        List<Thread> threads = new ArrayList<>();
        for (JsonNode t : root.path("threads")) {
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.path("counts").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byStatus.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            }
            Map<String, Long> buckets = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.path("buckets").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                buckets.put(e.getKey(), e.getValue().asLong());
            }
            threads.add(new Thread(t.path("attempts").asLong(), t.path("answered").asLong(),
                    t.path("first_sent").asDouble(), t.path("last_answer").asDouble(),
                    t.path("last_admitted").asDouble(), t.path("answered_at_last_admitted").asLong(),
                    t.path("first_sold_out").asDouble(), t.path("last_sold_out").asDouble(), byStatus, buckets));
        }
        JsonNode l = root.path("latency_us");
        Latency latency = new Latency(root.path("requests").asLong(), l.path("p50").asDouble() / 1e3,
                l.path("p99").asDouble() / 1e3, l.path("p999").asDouble() / 1e3, l.path("max").asDouble() / 1e3);
        JsonNode errors = root.path("errors");
        long socket = errors.path("connect").asLong() + errors.path("read").asLong() + errors.path("write").asLong()
                + errors.path("timeout").asLong();
        return new WrkReport(threads, latency, root.path("requests").asLong(), socket);
    }
}
