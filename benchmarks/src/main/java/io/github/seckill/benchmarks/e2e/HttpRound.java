package io.github.seckill.benchmarks.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One load round over HTTP (a sale, or the ceiling), summed over every wrk process and thread that took part.
 *
 * @param attempts requests the round had to send (0 for a ceiling, which sends for a duration)
 * @param answered answers counted
 * @param byStatus answers by HTTP status
 * @param seconds from the first request to the last answer
 * @param answersPerSecond {@code answered / seconds}
 * @param admittingSeconds from the first request to the last {@code 202}, 0 if none
 * @param admittingPerSecond answers up to the last {@code 202}, per second of that stretch: the sale before it sold out
 * @param soldOutPerSecond {@code 410} answers per second from the first to the last
 * @param latency wrk's latency percentiles, one per process (per base URL)
 * @param socketErrors connect, read, write errors and timeouts
 * @param bucketMillis the timeline's bucket width
 * @param timeline answers per bucket from the first request, by status
 */
public record HttpRound(long attempts, long answered, Map<Integer, Long> byStatus, double seconds,
        double answersPerSecond, double admittingSeconds, double admittingPerSecond, double soldOutPerSecond,
        List<Latency> latency, long socketErrors, long bucketMillis, Map<Integer, long[]> timeline) {

    private static final int BUCKET_MILLIS = 100;

    /**
     * @param reports what each wrk process printed
     * @return the round
     */
    static HttpRound of(List<WrkReport> reports) {
        List<WrkReport.Thread> threads = new ArrayList<>();
        List<Latency> latency = new ArrayList<>();
        long socketErrors = 0;
        for (WrkReport r : reports) {
            threads.addAll(r.threads());
            latency.add(r.latency());
            socketErrors += r.socketErrors();
        }
        long attempts = 0;
        long answered = 0;
        long answeredByLastAdmitted = 0;
        double firstSent = Double.MAX_VALUE;
        double lastAnswer = 0;
        double lastAdmitted = 0;
        double firstSoldOut = Double.MAX_VALUE;
        double lastSoldOut = 0;
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (WrkReport.Thread t : threads) {
            attempts += t.attempts();
            answered += t.answered();
            answeredByLastAdmitted += t.answeredAtLastAdmitted();
            if (t.firstSent() > 0) {
                firstSent = Math.min(firstSent, t.firstSent());
            }
            lastAnswer = Math.max(lastAnswer, t.lastAnswer());
            lastAdmitted = Math.max(lastAdmitted, t.lastAdmitted());
            if (t.firstSoldOut() > 0) {
                firstSoldOut = Math.min(firstSoldOut, t.firstSoldOut());
            }
            lastSoldOut = Math.max(lastSoldOut, t.lastSoldOut());
            t.byStatus().forEach((status, n) -> byStatus.merge(status, n, Long::sum));
        }
        if (firstSent == Double.MAX_VALUE) {
            firstSent = 0;
        }
        double seconds = Math.max(0, (lastAnswer - firstSent) / 1e3);
        double admittingSeconds = lastAdmitted > 0 ? (lastAdmitted - firstSent) / 1e3 : 0;
        long soldOut = byStatus.getOrDefault(410, 0L);
        double soldOutSeconds = lastSoldOut > 0 ? (lastSoldOut - firstSoldOut) / 1e3 : 0;
        return new HttpRound(attempts, answered, byStatus, seconds, rate(answered, seconds), admittingSeconds,
                rate(answeredByLastAdmitted, admittingSeconds), rate(soldOut, soldOutSeconds), latency, socketErrors,
                BUCKET_MILLIS, timeline(threads, firstSent));
    }

    private static double rate(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    private static Map<Integer, long[]> timeline(List<WrkReport.Thread> threads, double firstSentMillis) {
        long first = (long) Math.floor(firstSentMillis / BUCKET_MILLIS);
        Map<Integer, Map<Long, Long>> byStatus = new TreeMap<>();
        long last = first;
        for (WrkReport.Thread t : threads) {
            for (Map.Entry<String, Long> e : t.buckets().entrySet()) {
                int colon = e.getKey().indexOf(':');
                int status = Integer.parseInt(e.getKey().substring(0, colon));
                long bucket = Long.parseLong(e.getKey().substring(colon + 1));
                byStatus.computeIfAbsent(status, k -> new TreeMap<>()).merge(bucket, e.getValue(), Long::sum);
                last = Math.max(last, bucket);
            }
        }
        Map<Integer, long[]> out = new LinkedHashMap<>();
        int length = (int) Math.min(100_000, last - first + 1);
        byStatus.forEach((status, buckets) -> {
            long[] series = new long[length];
            buckets.forEach((bucket, n) -> {
                long i = bucket - first;
                if (i >= 0 && i < length) {
                    series[(int) i] += n;
                }
            });
            out.put(status, series);
        });
        return out;
    }

    /** @return the slowest of the processes' percentiles (one process: its own) */
    public Latency worstLatency() {
        Latency worst = new Latency(0, 0, 0, 0, 0);
        long count = 0;
        for (Latency l : latency) {
            count += l.count();
            worst = new Latency(count, Math.max(worst.p50(), l.p50()), Math.max(worst.p99(), l.p99()),
                    Math.max(worst.p999(), l.p999()), Math.max(worst.max(), l.max()));
        }
        return worst;
    }
}
