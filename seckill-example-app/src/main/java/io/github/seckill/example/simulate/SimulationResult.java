package io.github.seckill.example.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a simulation saw, and the app's audit of the sale afterwards.
 *
 * @param buyers buyers fired
 * @param attempts attempt requests sent (clicks, repeat clicks and retries)
 * @param answers attempt answers by kind ({@code ADMITTED}, {@code DUPLICATE}, {@code SOLD_OUT}, ...)
 * @param admitted distinct buyers admitted
 * @param duplicatesRefused repeat clicks with a new key answered as duplicates
 * @param paid payments that succeeded
 * @param failedPayments payments reported failed
 * @param waitlisted buyers who joined the waitlist
 * @param latencyMillisP50 attempt latency, median
 * @param latencyMillisP99 attempt latency, 99th percentile
 * @param latencyMillisP999 attempt latency, 99.9th percentile
 * @param took how long the buyers took
 * @param audit the app's audit of the activity ({@code clean} and {@code report})
 * @param admittedOrders the order ids buyers were answered with (202), each once: every one must end in the ledger
 */
public record SimulationResult(long buyers, long attempts, Map<String, Long> answers, long admitted,
        long duplicatesRefused, long paid, long failedPayments, long waitlisted, double latencyMillisP50,
        double latencyMillisP99, double latencyMillisP999, Duration took, JsonNode audit, Set<String> admittedOrders) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sorts the answers by kind, copies the order ids. */
    public SimulationResult {
        answers = new TreeMap<>(answers);
        admittedOrders = Set.copyOf(admittedOrders);
    }

    /** @return whether the audit found every invariant holding */
    public boolean clean() {
        return audit.path("clean").asBoolean(false);
    }

    private long report(String field) {
        return audit.path("report").path(field).asLong(-1);
    }

    /** @return the result as JSON, for tools: the table's figures, {@code tookMillis}, and the audit as it came */
    public String toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("buyers", buyers);
        out.put("attempts", attempts);
        ObjectNode kinds = out.putObject("answers");
        answers.forEach((kind, n) -> kinds.put(kind, n.longValue()));
        out.put("admitted", admitted);
        out.put("duplicatesRefused", duplicatesRefused);
        out.put("paid", paid);
        out.put("failedPayments", failedPayments);
        out.put("waitlisted", waitlisted);
        out.put("latencyMillisP50", latencyMillisP50);
        out.put("latencyMillisP99", latencyMillisP99);
        out.put("latencyMillisP999", latencyMillisP999);
        out.put("tookMillis", took.toMillis());
        out.put("clean", clean());
        out.set("audit", audit);
        return out.toPrettyString();
    }

    /** @return the result as a table, for a terminal */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        row(out, "buyers", String.format("%,d in %.1f s", buyers, took.toMillis() / 1000.0));
        row(out, "attempts", String.format("%,d", attempts));
        answers.forEach((kind, n) -> row(out, "  " + kind, String.format("%,d", n)));
        row(out, "admitted buyers", String.format("%,d", admitted));
        row(out, "duplicates refused", String.format("%,d", duplicatesRefused));
        row(out, "payments", String.format("%,d paid, %,d failed", paid, failedPayments));
        row(out, "waitlisted", String.format("%,d", waitlisted));
        JsonNode stock = audit.path("report").path("stock");
        row(out, "sold (ledger)", stock.path("sold").asText("?") + " of " + stock.path("totalStock").asText("?")
                + ", " + stock.path("locked").asText("?") + " awaiting payment");
        row(out, "oversold", Long.toString(report("oversold")));
        row(out, "undersold", Long.toString(report("undersold")));
        row(out, "latency p50/p99/p999", String.format("%.1f / %.1f / %.1f ms", latencyMillisP50, latencyMillisP99,
                latencyMillisP999));
        row(out, "audit", clean() ? "clean" : "VIOLATIONS " + audit.path("report").path("violations"));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format("%-22s %s%n", name, value));
    }
}
