package io.github.seckill.testkit.server;

/** What fault tests may do to a server the harness started: the same port and data survive a restart. */
interface ServerControl {

    /** Shuts the server down gracefully (SIGTERM), waiting until it has exited. */
    void stop();

    /** Kills the server abruptly (SIGKILL), waiting until it has exited. */
    void kill();

    /** Starts the server again on the same port and waits until it answers; does nothing if it runs. */
    void start();

    boolean isRunning();

    /**
     * The control of an endpoint, or a failure explaining that an external server cannot be controlled.
     *
     * @param control null for an external server
     * @param server how to name the server in the message, e.g. {@code "Redis at redis://host:6379"}
     */
    static ServerControl require(@org.jspecify.annotations.Nullable ServerControl control, String server) {
        if (control == null) {
            throw new UnsupportedOperationException(server + " is an external server, not started by the harness, so it"
                    + " cannot be stopped, killed or started; guard fault tests with"
                    + " Assumptions.assumeTrue(endpoint.isControllable())");
        }
        return control;
    }
}
