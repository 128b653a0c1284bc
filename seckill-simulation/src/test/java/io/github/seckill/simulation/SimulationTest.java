package io.github.seckill.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulation over many seeds: {@code seckill.simulation.seeds} seeds from
 * {@code seckill.simulation.firstSeed} (1,000 from 1 in the build; {@code scripts/simulate-faults.sh --seeds N} for a
 * longer run, {@code --seed S} to replay one seed with its trace). Writes {@code target/simulation-report.md} and
 * {@code target/simulation-report.json}; a failing seed's trace goes to {@code target/simulation-failures/}.
 */
class SimulationTest {

    static final int STEPS = 400;

    private static Path reportFile() {
        return Path.of(System.getProperty("seckill.simulation.report", "target/simulation-report.md"))
                .toAbsolutePath();
    }

    @Test
    void everySeedKeepsTheInvariants() throws Exception {
        long first = Long.getLong("seckill.simulation.firstSeed", 1);
        int seeds = Integer.getInteger("seckill.simulation.seeds", 1_000);
        int steps = Integer.getInteger("seckill.simulation.steps", STEPS);
        boolean traceAll = Boolean.getBoolean("seckill.simulation.trace");
        long start = System.nanoTime();
        List<Simulation.Result> results = new ArrayList<>(seeds);
        // Each seed is a world of its own on one thread; seeds run side by side on at most two.
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
        List<SimulationReport.Failure> failures = new ArrayList<>();
        for (Simulation.Result r : results) {
            if (traceAll) {
                r.trace().forEach(System.out::println);
            }
            if (!r.passed()) {
                // Run it again with its trace kept: the replay must be the same run.
                Simulation.Result replay = Simulation.run(r.seed(), steps, true);
                failures.add(new SimulationReport.Failure(r.seed(), r.violations(),
                        "scripts/simulate-faults.sh --seed " + r.seed() + (steps == STEPS ? "" : " --steps " + steps),
                        replay.traceHash() == r.traceHash(), writeTrace(replay).toString()));
            }
        }
        SimulationReport report = SimulationReport.of(results, steps, (System.nanoTime() - start) / 1e9, failures);
        System.out.println(report.markdown());
        Path md = reportFile();
        Files.createDirectories(md.getParent());
        Files.writeString(md, report.markdown());
        Files.writeString(md.resolveSibling(md.getFileName().toString().replaceFirst("\\.md$", "") + ".json"),
                report.json());
        assertThat(report.simulatedSteps()).as("every seed ran its steps").isEqualTo((long) seeds * steps);
        assertThat(failures).as("seeds that broke an invariant").isEmpty();
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed : new long[] {3, 77, 1_234}) {
            Simulation.Result a = Simulation.run(seed, STEPS, true);
            Simulation.Result b = Simulation.run(seed, STEPS, true);
            assertThat(a.steps()).isEqualTo(STEPS);
            assertThat(a.trace()).as("a trace of every step's doings").hasSizeGreaterThan(STEPS / 4);
            assertThat(b.trace()).as("trace of seed %d", seed).isEqualTo(a.trace());
            assertThat(b.traceHash()).isEqualTo(a.traceHash());
            assertThat(b.faults()).isEqualTo(a.faults());
            assertThat(Simulation.run(seed, STEPS, false).traceHash()).as("keeping the trace changes nothing")
                    .isEqualTo(a.traceHash());
        }
        assertThat(Simulation.run(3, STEPS, false).traceHash())
                .isNotEqualTo(Simulation.run(4, STEPS, false).traceHash());
    }

    /** The checks can fail: on a broker that drops acknowledged writes, the lost orders are reported. */
    @Test
    void aQueueThatLosesAcknowledgedOrdersIsCaught() {
        int caught = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Simulation.Result r = Simulation.runOnALosingQueue(seed, STEPS);
            if (!r.passed()) {
                caught++;
                assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("queued")
                        .containsAnyOf("never reached the ledger", "is not in the queue"));
            }
        }
        assertThat(caught).as("seeds whose lost orders were reported").isGreaterThanOrEqualTo(15);
    }

    private static Path writeTrace(Simulation.Result r) throws IOException {
        Path dir = reportFile().getParent().resolve("simulation-failures");
        Files.createDirectories(dir);
        Path file = dir.resolve("seed-" + r.seed() + ".log");
        List<String> lines = new ArrayList<>(r.trace());
        lines.addAll(r.violations());
        Files.write(file, lines);
        return file;
    }
}
