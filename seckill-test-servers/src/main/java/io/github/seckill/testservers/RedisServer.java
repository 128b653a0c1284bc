package io.github.seckill.testservers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public final class RedisServer extends ManagedServer {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final int port;
    private final ServerProcess process;

    private RedisServer(Path binary, int port, Path directory, Map<String, List<String>> config, Duration startupTimeout) {
        super(directory, startupTimeout, STOP_GRACE);
        this.port = port;
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

    @Override
    ServerProcess process() {
        return process;
    }

    @Override
    boolean servesClients() {
        return RespClient.answersPing(FreePorts.LOOPBACK, port);
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
            return startOnFreePorts(() -> new RedisServer(binary, port != 0 ? port : FreePorts.any(),
                    ScratchSpace.newDirectory(directoryName), config, startupTimeout), port != 0);
        }
    }
}
