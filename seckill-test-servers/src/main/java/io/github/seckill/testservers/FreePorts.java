package io.github.seckill.testservers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds loopback ports that are free right now. Another process may still take one before the server binds
 * it, so servers retry their first start with new ports when the log says the address is in use.
 */
final class FreePorts {

    static final String LOOPBACK = "127.0.0.1";

    /** Ports handed out by this JVM, never handed out twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A free port chosen by the operating system. */
    static int any() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new ServerStartupException("Cannot find a free port on " + LOOPBACK, e);
            }
        }
        throw new ServerStartupException("Cannot find a free port on " + LOOPBACK);
    }

    /**
     * A free port {@code p} such that {@code p + offset} is free too, as Redis Cluster needs for its bus port.
     * Chosen at random below the usual ephemeral range so that {@code p + offset} stays a valid port.
     */
    static int withCompanion(int offset) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 65_535 - offset);
            if (!HANDED_OUT.contains(port) && isFree(port) && isFree(port + offset) && HANDED_OUT.add(port)) {
                HANDED_OUT.add(port + offset);
                return port;
            }
        }
        throw new ServerStartupException("Cannot find a free port p on " + LOOPBACK + " with p + " + offset + " free");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
