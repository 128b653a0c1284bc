package io.github.seckill.testservers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Just enough of the Redis protocol (RESP2) to ask a server for {@code PING} and {@code CLUSTER INFO} while
 * waiting for it, so the harness itself needs no Redis client library.
 */
final class RespClient implements Closeable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    static RespClient connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new RespClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Whether a server answers {@code PING} with {@code PONG} right now. */
    static boolean answersPing(String host, int port) {
        try (RespClient client = connect(host, port, Duration.ofSeconds(1))) {
            return "PONG".equals(client.command("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one command and returns a simple or bulk string reply, or an integer reply as text.
     *
     * @throws IOException also for an error reply, whose text becomes the message
     */
    @Nullable String command(String... arguments) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, "*" + arguments.length + "\r\n");
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            write(request, "$" + bytes.length + "\r\n");
            request.write(bytes);
            write(request, "\r\n");
        }
        out.write(request.toByteArray());
        out.flush();
        return readReply();
    }

    private @Nullable String readReply() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IOException("Redis error: " + line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                readLine();
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case -1 -> throw new EOFException("Redis closed the connection");
            default -> throw new IOException("Unsupported Redis reply type '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new EOFException("Redis closed the connection");
            }
            line.append((char) b);
        }
        in.read();
        return line.toString();
    }

    private static void write(ByteArrayOutputStream target, String text) {
        target.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
