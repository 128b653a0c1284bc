package io.github.seckill.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a run over many seeds did, as Markdown for people and JSON for tools. */
record SimulationReport(long seeds, long firstSeed, long lastSeed, int stepsPerSeed, long simulatedSteps,
        double simulatedHours, long faultsInjected, Map<FaultKind, Long> faultsByKind, Map<String, Long> observations,
        List<Failure> violations, double wallSeconds) {

    /** A seed that broke an invariant, and how to replay it. */
    record Failure(long seed, List<String> violations, String replay, boolean replayIdentical, String trace) {
    }

    static SimulationReport of(List<Simulation.Result> results, int steps, double wallSeconds, List<Failure> failures) {
        long totalSteps = 0;
        long simulatedMillis = 0;
        Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
        for (FaultKind k : FaultKind.values()) {
            faults.put(k, 0L);
        }
        Map<String, Long> observations = new TreeMap<>();
        for (Simulation.Result r : results) {
            totalSteps += r.steps();
            simulatedMillis += r.simulatedMillis();
            r.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
            r.observations().forEach((k, v) -> observations.merge(k, v, Long::sum));
        }
        long injected = faults.values().stream().mapToLong(Long::longValue).sum();
        return new SimulationReport(results.size(), results.isEmpty() ? 0 : results.get(0).seed(),
                results.isEmpty() ? 0 : results.get(results.size() - 1).seed(), steps, totalSteps,
                simulatedMillis / 3_600_000.0, injected, faults, observations, List.copyOf(failures), wallSeconds);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Simulation report\n\n");
        out.append(String.format("| | |%n|---|---|%n"));
        out.append(String.format("| seeds | %,d (%d to %d) |%n", seeds, firstSeed, lastSeed));
        out.append(String.format("| steps per seed | %,d, then convergence with the faults off |%n", stepsPerSeed));
        out.append(String.format("| simulated steps | %,d |%n", simulatedSteps));
        out.append(String.format("| simulated time | %,.1f hours |%n", simulatedHours));
        out.append(String.format("| faults injected | %,d |%n", faultsInjected));
        out.append(String.format("| violations | %d |%n", violations.size()));
        out.append(String.format("| wall time | %.1f s |%n%n", wallSeconds));
        out.append("## Faults by kind\n\n| fault | injected |\n|---|---|\n");
        faultsByKind.forEach((k, v) -> out.append(String.format("| %s | %,d |%n", k, v)));
        out.append("\n## What the runs did\n\n| event | count |\n|---|---|\n");
        observations.forEach((k, v) -> out.append(String.format("| %s | %,d |%n", k, v)));
        if (!violations.isEmpty()) {
            out.append("\n## Violations\n\n");
            for (Failure f : violations) {
                out.append("- ").append(String.join("\n", f.violations()).replace("\n", "\n  ")).append('\n');
                out.append("  replay: ").append(f.replay())
                        .append(f.replayIdentical() ? "" : " (the replay diverged!)").append('\n');
                out.append("  trace: ").append(f.trace()).append('\n');
            }
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("seeds", seeds);
        doc.put("firstSeed", firstSeed);
        doc.put("lastSeed", lastSeed);
        doc.put("stepsPerSeed", stepsPerSeed);
        doc.put("simulatedSteps", simulatedSteps);
        doc.put("simulatedHours", Math.round(simulatedHours * 10) / 10.0);
        doc.put("faultsInjected", faultsInjected);
        doc.put("faultsByKind", faultsByKind);
        doc.put("observations", observations);
        doc.put("violationCount", violations.size());
        doc.put("violations", violations);
        doc.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
