package io.github.seckill.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process of a server: started in its own directory with stdout and stderr appended to a log file,
 * stopped with SIGTERM (then SIGKILL after a grace period) or killed with SIGKILL, and restartable with the same
 * command line. Every live child is killed by a shutdown hook, so none outlives a JVM that exits normally;
 * {@link ScratchSpace} reaps those of JVMs that were killed.
 */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::killAllAtExit, "seckill-test-servers-shutdown"));
    }

    private final String name;
    private final List<String> command;
    private final Path directory;
    private final Path logFile;
    private volatile @Nullable Process process;
    private boolean paused;

    /**
     * @param name how messages name this server, e.g. {@code "redis-server 127.0.0.1:6379"}
     * @param directory working directory, also where the pid file goes
     * @param logFile receives the child's stdout and stderr, appended across restarts
     */
    ServerProcess(String name, List<String> command, Path directory, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.directory = directory;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Process started = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            // The child never reads stdin; closing our end keeps it from waiting on it.
            started.getOutputStream().close();
            process = started;
            LIVE.add(this);
            Files.writeString(directory.resolve(ScratchSpace.PID_FILE), started.pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ServerStartupException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGSTOP; does nothing if not running or already paused. */
    synchronized void pause() {
        Process running = process;
        if (running == null || !running.isAlive() || paused) {
            return;
        }
        signal(running, "STOP");
        paused = true;
    }

    /** Sends SIGCONT; does nothing if not paused. */
    synchronized void resume() {
        Process running = process;
        if (running == null || !paused) {
            return;
        }
        signal(running, "CONT");
        paused = false;
    }

    /** {@link Process} sends only TERM and KILL: other signals go through {@code kill(1)}. */
    private void signal(Process running, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(running.pid()))
                    .redirectErrorStream(true).start();
            kill.getOutputStream().close();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + running.pid() + " (" + name + ") failed: "
                        + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** Sends SIGTERM and waits up to {@code grace} before killing; does nothing if not running. */
    synchronized void stop(Duration grace) {
        Process running = process;
        if (running == null) {
            return;
        }
        resume(); // a stopped process would hold SIGTERM until the grace ran out
        running.destroy();
        try {
            if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {} s after SIGTERM; killing it", name, grace.toSeconds());
                running.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        forget(running);
    }

    /** Sends SIGKILL and waits until the process is gone; does nothing if not running. */
    synchronized void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            running.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forget(running);
    }

    /**
     * Polls {@code ready} until it answers true. Fails, after killing the process, if it exits or does not get
     * ready within {@code timeout}; the exception carries the tail of the log.
     */
    void awaitReady(Duration timeout, ReadinessProbe ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process running;
            synchronized (this) {
                running = process;
            }
            if (running == null || !running.isAlive()) {
                String exit = running == null ? "was stopped" : "exited with code " + running.exitValue();
                throw failure(name + " " + exit + " while starting");
            }
            if (ready.isReady()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw failure(name + " did not get ready within " + timeout.toSeconds() + " s");
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Waits until a one-shot command has finished, failing with the log's tail unless it exited with 0. */
    void awaitExit(Duration timeout) {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException(name + " was not started");
        }
        try {
            if (!running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw failure(name + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new ServerStartupException("Interrupted while waiting for " + name, e);
        }
        synchronized (this) {
            forget(running);
        }
        if (running.exitValue() != 0) {
            throw failure(name + " exited with code " + running.exitValue());
        }
    }

    ServerStartupException failure(String summary) {
        return new ServerStartupException(summary + "; last lines of " + logFile + ":\n" + logTail(40));
    }

    /** The last lines of the log, or a note that there is none yet. */
    String logTail(int maxLines) {
        return tail(logFile, maxLines);
    }

    /** Whether a start failed because its port was taken between choosing and binding it. */
    static boolean isAddressInUse(ServerStartupException failure) {
        return String.valueOf(failure.getMessage()).contains("Address already in use");
    }

    static String tail(Path file, int maxLines) {
        if (!Files.exists(file)) {
            return "(no log)";
        }
        Deque<String> lines = new ArrayDeque<>(maxLines);
        try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            all.forEach(line -> {
                if (lines.size() == maxLines) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read log: " + e.getMessage() + ")";
        }
        return String.join("\n", lines);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a server", e);
        }
    }

    private void forget(Process stopped) {
        if (process == stopped) {
            process = null;
            paused = false;
        }
        LIVE.remove(this);
    }

    private static void killAllAtExit() {
        // Data of test servers is disposable, so SIGKILL: the fastest way to leave no process behind.
        List<Process> processes = LIVE.stream()
                .map(server -> server.process)
                .filter(p -> p != null && p.isAlive())
                .map(Process::destroyForcibly)
                .toList();
        for (Process process : processes) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ScratchSpace.deleteJvmDirectory();
    }

    /** A check that a starting server answers; must not block for long. */
    @FunctionalInterface
    interface ReadinessProbe {
        boolean isReady();
    }
}
