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
 */
public record Machine(String cpu, int cores, long memoryBytes, String os, String jdk) {

    /** @return this machine */
    public static Machine current() {
        return new Machine(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                readMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.vendor") + ")");
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

    private static List<String> readLines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
