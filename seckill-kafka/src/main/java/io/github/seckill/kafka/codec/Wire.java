package io.github.seckill.kafka.codec;

/** Constants of the wire format shared by the serializer and the deserializer; see the package documentation. */
final class Wire {

    /** Major version this code writes and reads. */
    static final int MAJOR = 1;
    /** Minor version this code writes; a reader of it knows every field up to this minor. */
    static final int MINOR = 0;
    /** The version byte this code writes. */
    static final byte VERSION = (byte) (MAJOR << 4 | MINOR);
    /** Version byte, three varlongs of at most 10 bytes, two varints of at most 5, one varlong. */
    static final int MAX_SIZE = 1 + 3 * 10 + 2 * 5 + 10;

    private Wire() {
    }
}
