package io.github.seckill.testkit.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone {@code redis-server} child process on a loopback port, without persistence, in its own
 * temporary directory. It can be stopped, killed and started again on the same port. Close it when done; any
 * server still running when the JVM exits is killed by a shutdown hook.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().config("maxmemory", "64mb").start()) {
 *   RedisClient client = RedisClient.create(redis.uri());
 *   ...
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable, ServerControl {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final int port;
    private final Path directory;
    private final Duration startupTimeout;
    private final ServerProcess process;

    private RedisServer(Path binary, int port, Path directory, Map<String, List<String>> config, Duration startupTimeout) {
        this.port = port;
        this.directory = directory;
        this.startupTimeout = startupTimeout;
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", FreePorts.LOOPBACK,
                "--dir", directory.toString(),
                "--daemonize", "no",
                "--logfile", "",
                "--save", "",
                "--appendonly", "no"));
        config.forEach((directive, values) -> {
            command.add("--" + directive);
            command.addAll(values);
        });
        this.process = new ServerProcess("redis-server " + FreePorts.LOOPBACK + ":" + port, command, directory,
                directory.resolve("redis.log"));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return FreePorts.LOOPBACK;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** An endpoint whose controls act on this server. */
    public RedisEndpoint endpoint() {
        return new RedisEndpoint(host(), port, uri(), this);
    }

    /** The server's working directory, which holds its log. */
    public Path directory() {
        return directory;
    }

    /** Shuts the server down (SIGTERM) and waits until it has exited. */
    @Override
    public synchronized void stop() {
        process.stop(STOP_GRACE);
    }

    /** Kills the server (SIGKILL) and waits until it has exited. */
    @Override
    public synchronized void kill() {
        process.kill();
    }

    /** Starts the server on its port again, if it is not running, and waits until it answers PING. */
    @Override
    public synchronized void start() {
        if (process.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        process.start();
        process.awaitReady(startupTimeout, () -> RespClient.answersPing(FreePorts.LOOPBACK, port));
        LOG.info("Started {} in {} ms", process.name(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        process.stop(STOP_GRACE);
        ScratchSpace.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + "]";
    }

    /** Settings of a {@link RedisServer}; {@link #start()} starts one. */
    public static final class Builder {

        private int port;
        private final Map<String, List<String>> config = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(30);
        private String directoryName = "redis";

        private Builder() {}

        /** Listen on this port instead of a free one chosen by the harness. */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Not a TCP port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A {@code redis.conf} directive passed on the command line, e.g. {@code config("maxmemory", "64mb")} or
         * {@code config("save", "60", "1000")} to turn persistence back on.
         */
        public Builder config(String directive, String... values) {
            config.put(directive, List.of(values));
            return this;
        }

        /** How long to wait for PING to be answered; 30 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        Builder directoryName(String directoryName) {
            this.directoryName = directoryName;
            return this;
        }

        /**
         * Starts the server and waits until it answers PING.
         *
         * @throws ServerStartupException if {@code redis-server} is not installed or does not start
         */
        public RedisServer start() {
            Path binary = ServerBinaries.require("Redis", "redis-server");
            for (int attempt = 1; ; attempt++) {
                int chosenPort = port != 0 ? port : FreePorts.any();
                RedisServer server = new RedisServer(binary, chosenPort, ScratchSpace.newDirectory(directoryName), config,
                        startupTimeout);
                try {
                    server.start();
                    return server;
                } catch (ServerStartupException e) {
                    server.kill();
                    if (port != 0 || attempt == START_ATTEMPTS || !ServerProcess.isAddressInUse(e)) {
                        throw e;
                    }
                    ScratchSpace.deleteRecursively(server.directory);
                    LOG.info("Port {} was taken before redis-server bound it; trying another", chosenPort);
                }
            }
        }
    }
}
