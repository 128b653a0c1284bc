package io.github.seckill.benchmarks.ceiling;

import io.github.seckill.benchmarks.report.Figure;
import io.github.seckill.benchmarks.report.Scorecard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code ProducerPerformance} against the benchmarks' broker, with the order queue's record size and
 * producer settings, in a child JVM like the tool's script runs it.
 */
public final class ProducerPerformanceCeiling {

    private static final String TOOL = "org.apache.kafka.tools.ProducerPerformance";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    private final String bootstrapServers;

    /** @param bootstrapServers the broker */
    public ProducerPerformanceCeiling(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param topic an existing topic, partitioned like the queue's
     * @param profile record size and producer settings
     * @param records records to send
     * @return records per second
     */
    public Figure measure(String topic, ProducerProfile profile, int records) {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), TOOL,
                "--topic", topic, "--num-records", Integer.toString(records),
                "--record-size", Integer.toString(profile.recordSize()), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrapServers));
        profile.properties().forEach((k, v) -> line.add(k + "=" + v));
        double rate = parseRate(Command.run(line, null, TIMEOUT));
        String shown = String.join(" ", line).replace(System.getProperty("java.class.path"), "benchmarks.jar");
        return new Figure(Scorecard.KAFKA_PRODUCER, "Kafka ProducerPerformance, " + profile.recordSize()
                + "-byte records, " + profile.properties(), rate, "records/s", shown);
    }

    /**
     * @param output what ProducerPerformance printed
     * @return the records per second of its final summary
     * @throws CeilingException if there is no summary
     */
    static double parseRate(String output) {
        Matcher m = SUMMARY.matcher(output);
        double rate = Double.NaN;
        while (m.find()) {
            rate = Double.parseDouble(m.group(2));
        }
        if (Double.isNaN(rate)) {
            throw new CeilingException("ProducerPerformance printed no summary: " + output.strip(), null);
        }
        return rate;
    }
}
