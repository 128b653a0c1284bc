package io.github.seckill.testkit.server;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Where a Redis server listens, and, when the harness started it, controls for fault tests.
 *
 * <p>Instances are immutable; {@link #stop()}, {@link #kill()} and {@link #start()} act on the server process,
 * which keeps its host, port and URI across restarts.
 */
public final class RedisEndpoint {

    private final String host;
    private final int port;
    private final String uri;
    private final @Nullable ServerControl control;

    RedisEndpoint(String host, int port, String uri, @Nullable ServerControl control) {
        this.host = host;
        this.port = port;
        this.uri = uri;
        this.control = control;
    }

    /** An external server given by a URI such as {@code redis://127.0.0.1:6379} or {@code redis://:pw@host:6379/0}. */
    static RedisEndpoint external(String uri) {
        URI parsed = URI.create(uri.trim());
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("Not a Redis URI with a host: " + uri);
        }
        int port = parsed.getPort() == -1 ? 6379 : parsed.getPort();
        return new RedisEndpoint(parsed.getHost(), port, uri.trim(), null);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A URI for Redis clients, e.g. {@code redis://127.0.0.1:6379}. */
    public String uri() {
        return uri;
    }

    /**
     * Whether {@link #stop()}, {@link #kill()} and {@link #start()} work: true when the harness started the server,
     * false for an external one given by {@code SECKILL_REDIS_URI} or {@code SECKILL_REDIS_CLUSTER_URI}.
     */
    public boolean isControllable() {
        return control != null;
    }

    /** Shuts the server down gracefully (SIGTERM) and waits until it has exited. */
    public void stop() {
        ServerControl.require(control, describe()).stop();
    }

    /** Kills the server abruptly (SIGKILL) and waits until it has exited. */
    public void kill() {
        ServerControl.require(control, describe()).kill();
    }

    /** Starts the server again on the same port, with the same directory, and waits until it answers PING. */
    public void start() {
        ServerControl.require(control, describe()).start();
    }

    /** Whether the harness-started process is running; always true for an external server. */
    public boolean isRunning() {
        return control == null || control.isRunning();
    }

    private String describe() {
        return "Redis at " + withoutPassword(uri);
    }

    static String withoutPassword(String uri) {
        return uri.replaceFirst("//[^@/]*@", "//***@");
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + withoutPassword(uri) + (control == null ? ", external]" : "]");
    }
}
