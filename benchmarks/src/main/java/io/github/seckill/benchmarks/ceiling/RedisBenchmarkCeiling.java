package io.github.seckill.benchmarks.ceiling;

import io.github.seckill.benchmarks.report.Figure;
import io.github.seckill.benchmarks.report.Scorecard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code redis-benchmark} against the benchmarks' Redis: plain {@code INCR}, and {@code EVALSHA} of the admission
 * scripts, pipelined 1 and 16 deep, with 50 clients (its default).
 */
public final class RedisBenchmarkCeiling {

    private static final String TOOL = "redis-benchmark";
    private static final int CLIENTS = 50;
    /** Random buyer ids are drawn from this many: collisions (duplicates) are negligible. */
    private static final String KEYSPACE = "100000000000";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final String host;
    private final int port;

    /**
     * @param host Redis host
     * @param port Redis port
     */
    public RedisBenchmarkCeiling(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Measures INCR and the one-buyer script at {@code -P 1} and {@code -P 16}, and each batched script at
     * {@code -P 1} in buyers per second, each on an emptied database (so that earlier buyers' slots do not pile up).
     *
     * @param oneBuyer the one-buyer admission script
     * @param batches the batched admission scripts
     * @param buyers buyers each measurement decides (the batched ones make as many calls as that takes)
     * @param everyFigure whether to measure INCR and {@code -P 1} too (the paired rounds need only the others)
     * @return the figures
     */
    public List<Figure> measure(AdmissionScript oneBuyer, List<AdmissionScript> batches, int buyers,
            boolean everyFigure) {
        List<Figure> figures = new ArrayList<>();
        if (everyFigure) {
            flush();
            figures.add(run(Scorecard.REDIS_INCR, "redis-benchmark INCR, -P 1", List.of("INCR", "bench:incr"), 1,
                    buyers, 1, "requests/s"));
            flush();
            figures.add(run(Scorecard.REDIS_ADMIT_P1, "redis-benchmark EVALSHA " + oneBuyer.name() + " script, -P 1",
                    evalsha(load(oneBuyer), oneBuyer), 1, buyers, 1, "buyers/s"));
        }
        flush();
        figures.add(run(Scorecard.REDIS_ADMIT_P16, "redis-benchmark EVALSHA " + oneBuyer.name() + " script, -P 16",
                evalsha(load(oneBuyer), oneBuyer), 16, buyers, 1, "buyers/s"));
        for (AdmissionScript batch : batches) {
            flush();
            String id = batch.buyersPerCall() == 32 ? Scorecard.REDIS_ADMIT_BATCH
                    : "ceiling.redis.admit-batch" + batch.buyersPerCall() + ".p1";
            figures.add(run(id, "redis-benchmark EVALSHA " + batch.name() + " script, -P 1",
                    evalsha(load(batch), batch), 1, Math.max(CLIENTS * 10, buyers / batch.buyersPerCall()),
                    batch.buyersPerCall(), "buyers/s"));
        }
        return figures;
    }

    private void flush() {
        String answer = Command.run(cli("FLUSHDB"), null, TIMEOUT).strip();
        if (!answer.equals("OK")) {
            throw new CeilingException("FLUSHDB answered: " + answer, null);
        }
    }

    private Figure run(
            String id, String label, List<String> command, int pipeline, int requests, int buyersPerCall,
            String unit) {
        List<String> line = new ArrayList<>(List.of(TOOL, "-h", host, "-p", Integer.toString(port),
                "-c", Integer.toString(CLIENTS), "-n", Integer.toString(requests), "-P", Integer.toString(pipeline),
                "-r", KEYSPACE, "--csv"));
        line.addAll(command);
        double callsPerSecond = parseCsv(Command.run(line, null, TIMEOUT));
        return new Figure(id, label, callsPerSecond * buyersPerCall, unit, abbreviate(String.join(" ", line)));
    }

    private List<String> evalsha(String sha, AdmissionScript script) {
        List<String> command = new ArrayList<>(List.of("EVALSHA", sha));
        command.addAll(script.arguments());
        return command;
    }

    /** Loads a script and its setup keys with {@code redis-cli}; returns its SHA-1. */
    private String load(AdmissionScript script) {
        for (Map.Entry<String, String> key : script.setup().entrySet()) {
            Command.run(cli("SET", key.getKey(), key.getValue()), null, TIMEOUT);
        }
        String sha = Command.run(cli("-x", "SCRIPT", "LOAD"), script.lua(), TIMEOUT).strip();
        if (!sha.matches("[0-9a-f]{40}")) {
            throw new CeilingException("SCRIPT LOAD of the " + script.name() + " script answered: " + sha, null);
        }
        return sha;
    }

    private List<String> cli(String... arguments) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", Integer.toString(port)));
        line.addAll(List.of(arguments));
        return line;
    }

    /**
     * @param output what {@code redis-benchmark --csv} printed for one test
     * @return its requests per second
     * @throws CeilingException if there is no result line
     */
    static double parseCsv(String output) {
        for (String line : output.split("\\R")) {
            String[] cells = line.split("\",\"");
            if (cells.length >= 2 && line.startsWith("\"") && !line.startsWith("\"test\"")) {
                try {
                    return Double.parseDouble(cells[1].replace("\"", ""));
                } catch (NumberFormatException e) {
                    throw new CeilingException("unexpected redis-benchmark line: " + line, e);
                }
            }
        }
        throw new CeilingException("redis-benchmark printed no result: " + output.strip(), null);
    }

    /** Keeps the 32 buyer placeholders of a batched call from swamping the report. */
    private static String abbreviate(String line) {
        String placeholder = " __rand_int__";
        int first = line.indexOf(placeholder);
        int count = (line.length() - line.replace(placeholder, "").length()) / placeholder.length();
        if (count <= 3) {
            return line;
        }
        int lastEnd = line.lastIndexOf(placeholder) + placeholder.length();
        return line.substring(0, first) + placeholder + " ... (" + count + " buyer ids)" + line.substring(lastEnd);
    }
}
