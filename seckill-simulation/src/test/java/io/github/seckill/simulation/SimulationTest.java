package io.github.seckill.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulation over many seeds: {@code seckill.simulation.seeds} seeds from
 * {@code seckill.simulation.firstSeed} (1,000 from 1 in the build; {@code scripts/simulate-faults.sh --seeds N} for a
 * longer run, {@code --seed S} to replay one seed with its trace). Writes {@code target/simulation-report.md}.
 */
class SimulationTest {

    static final int STEPS = 400;

    @Test
    void everySeedKeepsTheInvariants() throws Exception {
        long first = Long.getLong("seckill.simulation.firstSeed", 1);
        int seeds = Integer.getInteger("seckill.simulation.seeds", 1_000);
        int steps = Integer.getInteger("seckill.simulation.steps", STEPS);
        boolean traceAll = Boolean.getBoolean("seckill.simulation.trace");
        long start = System.nanoTime();
        List<Simulation.Result> results = new ArrayList<>(seeds);
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Simulation.Result>> futures = new ArrayList<>(seeds);
            for (long s = first; s < first + seeds; s++) {
                long seed = s;
                futures.add(pool.submit(() -> Simulation.run(seed, steps, traceAll)));
            }
            for (Future<Simulation.Result> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> failures = new ArrayList<>();
        for (Simulation.Result r : results) {
            if (traceAll) {
                r.trace().forEach(System.out::println);
            }
            if (!r.passed()) {
                // Run it again with its trace kept: the replay must be the same run.
                Simulation.Result replay = Simulation.run(r.seed(), steps, true);
                Path file = writeTrace(replay);
                failures.add(String.join("\n", r.violations()) + "\n  replay: scripts/simulate-faults.sh --seed "
                        + r.seed() + (replay.traceHash() == r.traceHash() ? "" : " (the replay diverged!)")
                        + "\n  trace: " + file);
            }
        }
        String report = report(results, seconds, steps, failures);
        System.out.println(report);
        Path out = Path.of(System.getProperty("seckill.simulation.report", "target/simulation-report.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        assertThat(failures).as("seeds that broke an invariant").isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        for (long seed : new long[] {3, 77, 1_234}) {
            Simulation.Result a = Simulation.run(seed, STEPS, true);
            Simulation.Result b = Simulation.run(seed, STEPS, true);
            assertThat(b.trace()).as("trace of seed %d", seed).isEqualTo(a.trace());
            assertThat(b.traceHash()).isEqualTo(a.traceHash());
            assertThat(a.trace()).hasSizeGreaterThan(STEPS / 2);
        }
        assertThat(Simulation.run(3, STEPS, false).traceHash()).isNotEqualTo(Simulation.run(4, STEPS, false)
                .traceHash());
    }

    private static Path writeTrace(Simulation.Result r) throws IOException {
        Path dir = Path.of(System.getProperty("seckill.simulation.report", "target/simulation-report.md"))
                .toAbsolutePath().getParent().resolve("simulation-failures");
        Files.createDirectories(dir);
        Path file = dir.resolve("seed-" + r.seed() + ".log");
        List<String> lines = new ArrayList<>(r.trace());
        lines.addAll(r.violations());
        Files.write(file, lines);
        return file;
    }

    static String report(List<Simulation.Result> results, double seconds, int steps, List<String> failures) {
        long totalSteps = 0;
        long simulatedMillis = 0;
        Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
        Map<String, Long> observations = new TreeMap<>();
        for (Simulation.Result r : results) {
            totalSteps += r.steps();
            simulatedMillis += r.simulatedMillis();
            r.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
            r.observations().forEach((k, v) -> observations.merge(k, v, Long::sum));
        }
        long injected = faults.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder();
        out.append("# Simulation report\n\n");
        out.append(String.format("| | |%n|---|---|%n"));
        out.append(String.format("| seeds | %,d (%d to %d) |%n", results.size(), results.get(0).seed(),
                results.get(results.size() - 1).seed()));
        out.append(String.format("| steps per seed | %,d, then convergence with the faults off |%n", steps));
        out.append(String.format("| simulated steps | %,d |%n", totalSteps));
        out.append(String.format("| simulated time | %,.1f hours |%n", simulatedMillis / 3_600_000.0));
        out.append(String.format("| faults injected | %,d |%n", injected));
        out.append(String.format("| violations | %d |%n", failures.size()));
        out.append(String.format("| wall time | %.1f s |%n%n", seconds));
        out.append("## Faults by kind\n\n| fault | injected |\n|---|---|\n");
        for (FaultKind k : FaultKind.values()) {
            out.append(String.format("| %s | %,d |%n", k, faults.getOrDefault(k, 0L)));
        }
        out.append("\n## What the runs did\n\n| event | count |\n|---|---|\n");
        observations.forEach((k, v) -> out.append(String.format("| %s | %,d |%n", k, v)));
        if (!failures.isEmpty()) {
            out.append("\n## Violations\n\n");
            failures.forEach(f -> out.append("- ").append(f.replace("\n", "\n  ")).append('\n'));
        }
        return out.toString();
    }
}
