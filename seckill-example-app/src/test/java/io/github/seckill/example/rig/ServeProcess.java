package io.github.seckill.example.rig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code seckill-app serve} in a JVM of its own, started from the test's class path: a real process that can be
 * stopped (SIGTERM, which drains) or killed (SIGKILL, which does not). Its output goes to a log under
 * {@code target/serve/}.
 */
public final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final String url;
    private final Path log;

    private ServeProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts an instance and waits until it listens.
     *
     * @param name names the log file
     * @param heap the child JVM's {@code -Xmx}, e.g. {@code 384m}
     * @param serveArgs the arguments after {@code serve}; {@code --port 0} is added
     * @return the running instance
     */
    public static ServeProcess start(String name, String heap, List<String> serveArgs) throws IOException {
        Path dir = Path.of("target", "serve");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.github.seckill.example.SeckillApp", "serve", "--port", "0"));
        command.addAll(serveArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, listening), "serve-log-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServeProcess(process, listening.get(60, TimeUnit.SECONDS), log);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("serve " + name + " did not start; see " + log.toAbsolutePath(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<String> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                if (line.startsWith("listening on ")) {
                    listening.complete(line.substring("listening on ".length()).trim());
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IOException("serve closed its output before it listened"));
    }

    /** @return the instance's base URL, e.g. {@code http://127.0.0.1:41234} */
    public String url() {
        return url;
    }

    /** @return the instance's process id */
    public long pid() {
        return process.pid();
    }

    /** @return the instance's log file */
    public Path log() {
        return log;
    }

    /** @return whether the process is still running */
    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the instance dies between whatever two steps it was in, nothing drained. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** @return the CPU time the instance used so far, or {@link Duration#ZERO} if the platform does not say */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGTERM: the instance drains and exits. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
