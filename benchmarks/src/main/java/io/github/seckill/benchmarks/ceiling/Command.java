package io.github.seckill.benchmarks.ceiling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs a tool as a child process and returns what it printed. */
public final class Command {

    private Command() {
    }

    /**
     * @param command the program and its arguments
     * @param stdin what to feed it, or {@code null} for nothing
     * @param timeout the longest it may run
     * @return its standard output and error, interleaved
     * @throws CeilingException if it cannot start, times out, or exits with a non-zero status
     */
    public static String run(List<String> command, @Nullable String stdin, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CeilingException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try {
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CeilingException(command.get(0) + " did not finish within " + timeout, null);
            }
            String text = output.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new CeilingException(command.get(0) + " exited with " + process.exitValue() + ": " + text.strip(),
                        null);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CeilingException("interrupted while running " + command.get(0), e);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new CeilingException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
