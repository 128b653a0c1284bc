package io.github.seckill.kafka.codec;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.queue.OrderMessage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class OrderMessageDeserializerTest {

    private final OrderMessageSerializer serializer = new OrderMessageSerializer();
    private final OrderMessageDeserializer deserializer = new OrderMessageDeserializer();

    @Test
    void readsBackEveryFieldOfManyMessages() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            OrderMessage m = order(1 + random.nextLong(Long.MAX_VALUE - 1))
                    .activity(1 + random.nextLong(1L << random.nextInt(1, 63)))
                    .user(1 + random.nextLong(1L << random.nextInt(1, 63)))
                    .quantity(1 + random.nextInt(Integer.MAX_VALUE - 1)).shard(random.nextInt(-1, 64))
                    .admittedAt(random.nextLong()).build();
            assertThat(deserializer.deserialize("orders", serializer.serialize(m))).isEqualTo(m);
        }
    }

    @Test
    void readsTheDocumentedLayout() {
        byte[] bytes = {0x10, (byte) 0xAC, 0x02, 0x02, 0x01, 0x01, 0x00, 0x02};
        assertThat(deserializer.deserialize(bytes)).isEqualTo(order(300).activity(2).user(1).quantity(1).noShard()
                .admittedAt(1).build());
    }

    @Test
    void skipsFieldsAppendedByANewerMinorVersion() {
        byte[] v10 = serializer.serialize(order(5).activity(6).user(7).quantity(2).shard(3)
                .admittedAt(1_900_000_000_000L).build());
        byte[] v13 = Arrays.copyOf(v10, v10.length + 3);
        v13[0] = 0x13;
        v13[v10.length] = 0x7F;
        v13[v10.length + 1] = (byte) 0x81;
        v13[v10.length + 2] = 0x01;
        assertThat(deserializer.deserialize(v13)).isEqualTo(order(5).activity(6).user(7).quantity(2).shard(3)
                .admittedAt(1_900_000_000_000L).build());
    }

    @Test
    void refusesANewerMajorVersionCleanly() {
        byte[] v2 = serializer.serialize(order(5).activity(6).user(7).quantity(2).shard(3).admittedAt(1L).build());
        v2[0] = 0x20;
        assertThatThrownBy(() -> deserializer.deserialize(v2))
                .isInstanceOf(UnreadableMessageException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2.0 is newer than this reader");
    }

    @Test
    void refusesWhatIsNotAnOrderMessage() {
        assertUnreadable(null, "empty");
        assertUnreadable(new byte[0], "empty");
        assertUnreadable("{\"orderId\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "newer than this reader");
        assertUnreadable(new byte[] {0x00, 0x01}, "unknown format version byte 0x00");
    }

    @Test
    void refusesATruncatedMessageNamingTheMissingField() {
        byte[] whole = serializer.serialize(order(300).activity(2).user(1).quantity(1).noShard().admittedAt(1).build());
        assertUnreadable(Arrays.copyOf(whole, 1), "order id is missing");
        assertUnreadable(Arrays.copyOf(whole, 2), "order id is missing");
        assertUnreadable(Arrays.copyOf(whole, whole.length - 1), "admission time is missing");
    }

    @Test
    void refusesTrailingBytesInAVersionThatHasNone() {
        byte[] whole = serializer.serialize(order(300).activity(2).user(1).quantity(1).noShard().admittedAt(1).build());
        assertUnreadable(Arrays.copyOf(whole, whole.length + 1), "1 unexpected bytes");
    }

    @Test
    void refusesAVarintThatOverflows() {
        byte[] bytes = new byte[12];
        bytes[0] = 0x10;
        Arrays.fill(bytes, 1, 11, (byte) 0xFF);
        bytes[11] = 0x01;
        assertUnreadable(bytes, "order id overflows 64 bits");
    }

    @Test
    void refusesValuesNoOrderCanHave() {
        byte[] zeroOrderId = {0x10, 0x00, 0x02, 0x01, 0x01, 0x00, 0x02};
        assertUnreadable(zeroOrderId, "ids must be positive");
        byte[] zeroQuantity = {0x10, 0x01, 0x02, 0x01, 0x00, 0x00, 0x02};
        assertUnreadable(zeroQuantity, "quantity must be >= 1");
        byte[] hugeQuantity = {0x10, 0x01, 0x02, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x00,
            0x02};
        assertUnreadable(hugeQuantity, "out of range");
    }

    private void assertUnreadable(byte[] bytes, String reason) {
        assertThatThrownBy(() -> deserializer.deserialize("orders", bytes))
                .isInstanceOf(UnreadableMessageException.class)
                .hasMessageContaining(reason);
    }
}
