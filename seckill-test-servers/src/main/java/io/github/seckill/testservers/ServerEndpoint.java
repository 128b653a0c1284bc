package io.github.seckill.testservers;

import org.jspecify.annotations.Nullable;

/**
 * What every endpoint shares: controls for fault tests, present when the harness started the server. The server
 * keeps its port and its data across a restart.
 */
abstract class ServerEndpoint {

    private final @Nullable ServerControl control;

    ServerEndpoint(@Nullable ServerControl control) {
        this.control = control;
    }

    /** How messages name the server, e.g. {@code "Redis at redis://127.0.0.1:6379"}. */
    abstract String describe();

    @Nullable ServerControl control() {
        return control;
    }

    /**
     * Whether {@link #stop()}, {@link #kill()}, {@link #pause()} and {@link #start()} work: true when the harness started the server as
     * a child process, false for an external one given by an environment variable ({@code SECKILL_REDIS_URI},
     * {@code SECKILL_REDIS_CLUSTER_URI}, {@code SECKILL_KAFKA_BOOTSTRAP}, {@code SECKILL_JDBC_URL}) and for a container
     * ({@code SECKILL_SERVERS=testcontainers}).
     */
    public boolean isControllable() {
        return control != null;
    }

    /** Shuts the server down gracefully (SIGTERM; a controlled shutdown for Kafka) and waits until it has exited. */
    public void stop() {
        require().stop();
    }

    /** Kills the server abruptly (SIGKILL) and waits until it has exited; its data survives for the next start. */
    public void kill() {
        require().kill();
    }

    /**
     * Freezes the server (SIGSTOP): connections stay open and new ones are accepted, but nothing is answered until
     * {@link #resume()}, as with a process stalled by the machine.
     */
    public void pause() {
        require().pause();
    }

    /** Lets a paused server run on (SIGCONT). */
    public void resume() {
        require().resume();
    }

    /**
     * Starts the server again on the same port and data, and waits until it serves clients: Redis answers PING,
     * MariaDB accepts connections, the Kafka broker is registered and serves metadata.
     */
    public void start() {
        require().start();
    }

    /** Whether the harness-started process is running; always true for an external server. */
    public boolean isRunning() {
        return control == null || control.isRunning();
    }

    private ServerControl require() {
        if (control == null) {
            throw new UnsupportedOperationException(describe() + " is an external server or a container, not a"
                    + " process of the harness, so it cannot be stopped, killed or started; guard fault tests with"
                    + " Assumptions.assumeTrue(endpoint.isControllable())");
        }
        return control;
    }
}
