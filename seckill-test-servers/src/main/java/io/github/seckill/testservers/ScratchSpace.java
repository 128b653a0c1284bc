package io.github.seckill.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary directories of the servers this JVM starts, under
 * {@code ${java.io.tmpdir}/seckill-test-servers-USER/PID-RANDOM/}.
 *
 * <p>Shutdown hooks do not run when a JVM is killed with SIGKILL, so the first JVM that asks for a directory
 * also cleans up after dead ones: it kills the child processes recorded in their {@value #PID_FILE} files,
 * provided such a process still runs inside that directory (a recycled pid is left alone), and deletes the
 * directories.
 */
final class ScratchSpace {

    /** Name of the file in a server directory that holds the pid of the child process running there. */
    static final String PID_FILE = "harness.pid";

    private static final Logger LOG = LoggerFactory.getLogger(ScratchSpace.class);
    private static final Path ROOT =
            Path.of(System.getProperty("java.io.tmpdir"), "seckill-test-servers-" + fileNameSafe(System.getProperty("user.name")));
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static @Nullable Path jvmDirectory;

    private ScratchSpace() {}

    /** Creates a new empty directory for one server, named after {@code name}. */
    static synchronized Path newDirectory(String name) {
        try {
            if (jvmDirectory == null) {
                Files.createDirectories(ROOT);
                reapLeftoversOfDeadJvms();
                String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
                jvmDirectory = Files.createDirectory(ROOT.resolve(owner)).toRealPath();
            }
            return Files.createDirectory(jvmDirectory.resolve(fileNameSafe(name) + "-" + SEQUENCE.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a server directory under " + ROOT, e);
        }
    }

    /** Deletes this JVM's directories; called once every child process is gone. */
    static synchronized void deleteJvmDirectory() {
        if (jvmDirectory != null) {
            deleteRecursively(jvmDirectory);
        }
    }

    /** Deletes a directory tree as far as possible; leftovers are removed by a later JVM. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("Cannot delete {}", path, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Cannot delete {}", directory, e);
        }
    }

    /** Kills the servers of JVMs that died without running their shutdown hooks and deletes their directories. */
    static synchronized void reapLeftoversOfDeadJvms() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (DirectoryStream<Path> jvmDirectories = Files.newDirectoryStream(ROOT)) {
            for (Path directory : jvmDirectories) {
                Optional<Long> ownerPid = leadingPid(directory.getFileName().toString());
                boolean ownerAlive = ownerPid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
                if (ownerPid.isPresent() && !ownerAlive) {
                    killOrphans(directory.toRealPath());
                    deleteRecursively(directory);
                }
            }
        }
    }

    private static void killOrphans(Path jvmDirectory) throws IOException {
        try (Stream<Path> pidFiles = Files.find(jvmDirectory, 2,
                (path, attributes) -> path.getFileName().toString().equals(PID_FILE))) {
            pidFiles.forEach(pidFile -> readPid(pidFile)
                    .flatMap(ProcessHandle::of)
                    .filter(process -> runsInside(process, jvmDirectory))
                    .ifPresent(process -> {
                        LOG.warn("Killing orphan server process {} left in {} by a JVM that died", process.pid(), jvmDirectory);
                        process.destroyForcibly();
                    }));
        }
    }

    /** Whether the process' working directory (Linux) or command line lies in {@code directory}. */
    private static boolean runsInside(ProcessHandle process, Path directory) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).startsWith(directory);
        } catch (IOException | UnsupportedOperationException e) {
            return process.info().commandLine().map(line -> line.contains(directory.toString())).orElse(false);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return leadingPid(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> leadingPid(String text) {
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == 0 || end > 18 ? Optional.empty() : Optional.of(Long.parseLong(text.substring(0, end)));
    }

    private static String fileNameSafe(@Nullable String text) {
        return text == null || text.isEmpty() ? "unknown" : text.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
