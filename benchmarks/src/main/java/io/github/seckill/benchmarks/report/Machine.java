package io.github.seckill.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run measured.
 *
 * @param cpu the processor model
 * @param cores processors available to the JVM
 * @param memoryBytes physical memory
 * @param os operating system and kernel
 * @param jdk the JVM running the benchmarks
 * @param loadAverage the 1-, 5- and 15-minute load averages when the run started, or {@code NaN}s where unknown
 */
public record Machine(String cpu, int cores, long memoryBytes, String os, String jdk, List<Double> loadAverage) {

    /** @return this machine */
    public static Machine current() {
        return new Machine(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                readMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.vendor") + ")",
                readLoadAverage());
    }

    /** @return whether other work was keeping the cores busy when the run started (1-minute load above the cores) */
    public boolean busy() {
        return !loadAverage.isEmpty() && loadAverage.get(0) > cores;
    }

    /** @return e.g. {@code 2 cores, 23.4 GiB} */
    public String summary() {
        return cores + " cores, " + String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024));
    }

    private static String readCpuModel() {
        for (String line : readLines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static long readMemoryBytes() {
        for (String line : readLines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String kib = line.replaceAll("[^0-9]", "");
                return Long.parseLong(kib) * 1024;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static List<Double> readLoadAverage() {
        List<String> lines = readLines("/proc/loadavg");
        if (lines.isEmpty()) {
            return List.of();
        }
        String[] fields = lines.get(0).trim().split("\\s+");
        return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
    }

    private static List<String> readLines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
