package io.github.seckill.testservers;

/**
 * A server could not be started: its binary is missing, it exited early, or it did not answer in time.
 * The message names the server and, when it got as far as writing a log, ends with the tail of that log.
 */
public final class ServerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ServerStartupException(String message) {
        super(message);
    }

    ServerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
