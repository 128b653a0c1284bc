package io.github.seckill.testservers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a test helper's main method in another JVM with the tests' classpath and reads its "key=value" lines. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(Class<?> mainClass, List<String> systemProperties, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(systemProperties);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads lines until one is {@code stopAt}, returning every {@code key=value} seen; fails at end of output. */
    Map<String, String> readUntil(String stopAt) throws IOException {
        Map<String, String> values = new HashMap<>();
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            all.append(line).append('\n');
            if (line.equals(stopAt)) {
                return values;
            }
            int equals = line.indexOf('=');
            if (equals > 0 && !line.contains(" ")) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        throw new IllegalStateException("The child JVM ended before printing " + stopAt + ":\n" + all);
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The child JVM did not exit");
        }
        return process.exitValue();
    }

    /** SIGKILL: the JVM's shutdown hooks do not run. */
    void killHard() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
