package io.github.seckill.example.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback TCP proxy that makes a link slow and lossy on demand, for a machine without {@code tc netem}: each chunk
 * read from either side is written to the other after a delay (latency plus jitter, never reordered), some chunks are
 * held far longer (what a lost segment costs until it is retransmitted), and some connections are reset (RST) mid-way.
 * Healthy, it forwards at once.
 */
final class FlakyProxy implements AutoCloseable {

    /**
     * How bad the link is.
     *
     * @param latencyMillis added to every chunk
     * @param jitterMillis up to this much more, at random
     * @param stallPercent chunks held {@code stallMillis} more, as a lost segment is until retransmitted
     * @param stallMillis how long a stalled chunk waits
     * @param resetPermille chunks (per thousand) on which the connection is reset instead
     */
    record Link(int latencyMillis, int jitterMillis, int stallPercent, int stallMillis, int resetPermille) {
        static final Link HEALTHY = new Link(0, 0, 0, 0, 0);
    }

    private record Chunk(long dueNanos, byte[] bytes) {}

    private static final byte[] END = new byte[0];

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final LongAdder resets = new LongAdder();
    private final LongAdder stalls = new LongAdder();
    private volatile Link link = Link.HEALTHY;

    FlakyProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("flaky-proxy-accept", this::accept);
    }

    /** {@code redis://127.0.0.1:PORT} of the proxy. */
    String redisUri() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    void degrade(Link bad) {
        this.link = bad;
    }

    void heal() {
        this.link = Link.HEALTHY;
    }

    /** @return connections reset so far */
    long resets() {
        return resets.sum();
    }

    /** @return chunks held as if lost so far */
    long stalls() {
        return stalls.sum();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream;
                try {
                    upstream = new Socket(upstreamHost, upstreamPort);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed, or one connection failed: keep accepting while open
            }
        }
    }

    /** One direction: a reader that stamps each chunk with when it is due, and a writer that sends it then. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
        daemon("flaky-proxy-read", () -> {
            byte[] buffer = new byte[16 * 1024];
            long lastDue = 0;
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    Link now = link;
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    if (now.resetPermille() > 0 && random.nextInt(1_000) < now.resetPermille()) {
                        resets.increment();
                        reset(from, to);
                        return;
                    }
                    long delayMillis = now.latencyMillis() + (now.jitterMillis() > 0
                            ? random.nextInt(now.jitterMillis() + 1) : 0);
                    if (now.stallPercent() > 0 && random.nextInt(100) < now.stallPercent()) {
                        stalls.increment();
                        delayMillis += now.stallMillis();
                    }
                    // never earlier than the chunk before it: a TCP stream is not reordered
                    lastDue = Math.max(lastDue, System.nanoTime() + delayMillis * 1_000_000);
                    line.add(new Chunk(lastDue, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the connection ended
            }
            line.add(new Chunk(0, END));
        });
        daemon("flaky-proxy-write", () -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = line.take();
                    if (c.bytes() == END) {
                        break;
                    }
                    long wait = c.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            }
            close(from);
            close(to);
        });
    }

    /** Closes both sockets with SO_LINGER 0, so each peer reads a reset rather than an orderly end. */
    private void reset(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            close(s);
        }
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(this::close);
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
