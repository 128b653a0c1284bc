package io.github.seckill.testservers;

/** What fault tests may do to a server the harness started: the same port and data survive a restart. */
interface ServerControl {

    /** Shuts the server down gracefully (SIGTERM), waiting until it has exited. */
    void stop();

    /** Kills the server abruptly (SIGKILL), waiting until it has exited. */
    void kill();

    /**
     * Freezes the server (SIGSTOP): its sockets stay open and accept connections, nothing is answered until
     * {@link #resume()}. Does nothing if it is not running.
     */
    void pause();

    /** Lets a paused server run on (SIGCONT); does nothing if it is not paused. */
    void resume();

    /** Starts the server again on the same port and waits until it answers; does nothing if it runs. */
    void start();

    boolean isRunning();
}
