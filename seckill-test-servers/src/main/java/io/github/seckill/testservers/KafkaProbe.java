package io.github.seckill.testservers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a Kafka broker for its metadata over the wire protocol, so the harness needs no Kafka client to tell
 * when a broker is ready. A listening port is not enough: a broker accepts connections before it serves
 * requests, and is fenced (absent from metadata, unable to host new partitions) until the controller has
 * registered it.
 */
final class KafkaProbe {

    private static final short METADATA_API_KEY = 3;
    /** A flexible version supported by every broker from Kafka 2.8 to 4.x. */
    private static final short METADATA_VERSION = 12;
    private static final byte[] CLIENT_ID = "seckill-test-servers".getBytes(StandardCharsets.UTF_8);

    private KafkaProbe() {}

    /** How many unfenced brokers the broker reports, or -1 if it does not answer a metadata request. */
    static int liveBrokers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(2_000);
            ByteArrayOutputStream requestBytes = new ByteArrayOutputStream();
            DataOutputStream request = new DataOutputStream(requestBytes);
            // request header v2
            request.writeShort(METADATA_API_KEY);
            request.writeShort(METADATA_VERSION);
            request.writeInt(1); // correlation id
            request.writeShort(CLIENT_ID.length);
            request.write(CLIENT_ID);
            request.writeByte(0); // no tagged fields
            // MetadataRequest v12
            request.writeByte(1); // topics: empty compact array (length + 1)
            request.writeByte(0); // allow_auto_topic_creation
            request.writeByte(0); // include_topic_authorized_operations
            request.writeByte(0); // no tagged fields

            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(requestBytes.size());
            requestBytes.writeTo(out);
            out.flush();

            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            in.readInt(); // size
            in.readInt(); // correlation id
            skipTaggedFields(in);
            in.readInt(); // throttle_time_ms
            return readUnsignedVarint(in) - 1; // brokers: compact array length + 1
        } catch (IOException e) {
            return -1;
        }
    }

    private static void skipTaggedFields(DataInputStream in) throws IOException {
        int fields = readUnsignedVarint(in);
        for (int i = 0; i < fields; i++) {
            readUnsignedVarint(in); // tag
            in.skipNBytes(readUnsignedVarint(in));
        }
    }

    private static int readUnsignedVarint(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("Malformed varint in a Kafka response");
    }
}
