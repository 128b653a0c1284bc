package io.github.seckill.testservers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server the harness runs as a child process in its own directory: stopped, killed and started again on the same
 * ports and data, and deleted with its directory on {@link #close()}.
 */
abstract class ManagedServer implements AutoCloseable, ServerControl {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedServer.class);
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final Duration startupTimeout;
    private final Duration stopGrace;

    ManagedServer(Path directory, Duration startupTimeout, Duration stopGrace) {
        this.directory = directory;
        this.startupTimeout = startupTimeout;
        this.stopGrace = stopGrace;
    }

    /** The child process, built by the subclass's constructor. */
    abstract ServerProcess process();

    /** Whether the started process serves clients yet. */
    abstract boolean servesClients();

    /** Runs before every start; the place for one-time work such as formatting storage. */
    void beforeStart() {}

    /** The server's own directory: its data, configuration and log. */
    public Path directory() {
        return directory;
    }

    /** How long starting, and any work before it, may take. */
    Duration startupTimeout() {
        return startupTimeout;
    }

    /** Shuts the server down (SIGTERM) and waits until it has exited. */
    @Override
    public synchronized void stop() {
        process().stop(stopGrace);
    }

    /** Kills the server (SIGKILL) and waits until it has exited; its data survives for the next start. */
    @Override
    public synchronized void kill() {
        process().kill();
    }

    /** Freezes the server (SIGSTOP) until {@link #resume()}; a stop or kill meanwhile resumes it first. */
    @Override
    public synchronized void pause() {
        process().pause();
    }

    /** Lets a paused server run on (SIGCONT). */
    @Override
    public synchronized void resume() {
        process().resume();
    }

    /** Starts the server on its ports and data again, if it is not running, and waits until it serves clients. */
    @Override
    public synchronized void start() {
        if (process().isAlive()) {
            return;
        }
        long started = System.nanoTime();
        beforeStart();
        process().start();
        process().awaitReady(startupTimeout, this::servesClients);
        LOG.info("Started {} in {} ms", process().name(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return process().isAlive();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        process().stop(stopGrace);
        ScratchSpace.deleteRecursively(directory);
    }

    /**
     * Starts a new server, and another on other free ports when a port was taken by someone else between choosing
     * it and the server binding it.
     *
     * @param create makes a server on newly chosen free ports, in a new directory
     * @param portsChosenByCaller whether the ports are the caller's, so that another try would take the same
     */
    static <S extends ManagedServer> S startOnFreePorts(Supplier<S> create, boolean portsChosenByCaller) {
        for (int attempt = 1; ; attempt++) {
            S server = create.get();
            try {
                server.start();
                return server;
            } catch (ServerStartupException e) {
                server.kill();
                if (portsChosenByCaller || attempt == START_ATTEMPTS || !ServerProcess.isAddressInUse(e)) {
                    throw e;
                }
                ScratchSpace.deleteRecursively(server.directory());
                LOG.info("A port of {} was taken before it bound it; trying others", server);
            }
        }
    }
}
