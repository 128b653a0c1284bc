package io.github.seckill.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, and the verdicts computed from it. Every ratio relates figures of this run only.
 *
 * @param mode {@code quick} or {@code full}
 * @param startedAt when the run started, ISO-8601 UTC
 * @param durationSeconds how long it took
 * @param machine the machine
 * @param servers server name to version, e.g. {@code Redis -> 7.0.15}
 * @param mariaDbSettings the MariaDB settings that decide durability and throughput
 * @param jmh how long each JMH configuration of the sweep ran
 * @param paired how long each JMH configuration of a paired round ran
 * @param ceilings figures measured by the servers' own tools: each the median of the rounds
 * @param measurements JMH results of the sweep
 * @param figures the figures derived from the sweep's JMH results
 * @param rounds the paired rounds: each target's ceiling and benchmark measured side by side, round after round
 * @param targets every target, checked (paired targets on the rounds)
 * @param failures what could not be measured, and why
 * @param charts chart file names
 */
public record Report(
        String mode,
        String startedAt,
        double durationSeconds,
        Machine machine,
        Map<String, String> servers,
        Map<String, String> mariaDbSettings,
        JmhSettings jmh,
        JmhSettings paired,
        List<Figure> ceilings,
        List<Measurement> measurements,
        List<Figure> figures,
        List<Round> rounds,
        List<TargetResult> targets,
        List<String> failures,
        List<String> charts) {

    /** @return whether this is a quick run, whose figures are indicative only */
    public boolean quick() {
        return mode.equals("quick");
    }
}
