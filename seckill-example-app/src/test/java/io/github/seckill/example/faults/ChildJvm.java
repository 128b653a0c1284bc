package io.github.seckill.example.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own on the tests' classpath: its output goes to a log file and is watched for
 * lines, it can be told lines on its standard input, and killed with SIGKILL (no shutdown hook runs).
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final OutputStream stdin;
    private final Path log;

    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        // a child would outlive a test JVM that exits without closing it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "child-jvm-reaper"));
    }

    private ChildJvm(Process process, Path log) {
        this.process = process;
        STARTED.add(process);
        this.log = log;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::copyOutput, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with a 256 MB heap; the log goes to {@code log}, replacing an older one. */
    static ChildJvm start(Class<?> mainClass, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
    }

    private void copyOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                file.println(line);
                file.flush();
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Waits for a line of output that starts with {@code prefix}; fails if the process exits first. */
    String awaitLine(String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the child JVM exited with " + process.exitValue() + " before printing "
                        + prefix + "; see " + log);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child JVM printed no line starting with " + prefix + " in "
                + limit.toSeconds() + " s; see " + log);
    }

    /** Writes a line to the child's standard input. */
    void tell(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** @return the exit code, once it exited within {@code limit} */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child JVM did not exit within " + limit.toSeconds() + " s; see " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM (shutdown hooks run), SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
