package io.github.seckill.testservers;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Where a Redis server listens, and, when the harness started it, controls for fault tests.
 *
 * <p>Instances are immutable; {@link #stop()}, {@link #kill()} and {@link #start()} act on the server process,
 * which keeps its host, port and URI across restarts.
 */
public final class RedisEndpoint extends ServerEndpoint {

    private final String host;
    private final int port;
    private final String uri;

    RedisEndpoint(String host, int port, String uri, @Nullable ServerControl control) {
        super(control);
        this.host = host;
        this.port = port;
        this.uri = uri;
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

    @Override
    String describe() {
        return "Redis at " + withoutPassword(uri);
    }

    static String withoutPassword(String uri) {
        return uri.replaceFirst("//[^@/]*@", "//***@");
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + withoutPassword(uri) + (isControllable() ? "]" : ", external]");
    }
}
