package io.github.seckill.kafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.OrderMessage;
import org.junit.jupiter.api.Test;

class OrderMessageSerializerTest {

    private final OrderMessageSerializer serializer = new OrderMessageSerializer();

    @Test
    void writesTheDocumentedLayout() {
        OrderMessage m = new OrderMessage(300, 2, 1, 1, OrderMessage.NO_SHARD, 1);
        assertThat(serializer.serialize(m)).containsExactly(
                0x10,              // format 1.0
                0xAC, 0x02,        // order id 300: 0101100 with continuation, then 10
                0x02,              // activity 2
                0x01,              // user 1
                0x01,              // quantity 1
                0x00,              // no shard: shard + 1 = 0
                0x02);             // admission time 1, zigzag
    }

    @Test
    void aTypicalMessageIsAboutTwentyFiveBytes() {
        OrderMessage snowflakeOrder = new OrderMessage(
                7_200_000_000_000_000_000L, 888, 123_456_789, 1, 3, 1_900_000_000_000L);
        assertThat(serializer.serialize(snowflakeOrder)).hasSizeBetween(20, 30);
    }

    @Test
    void theLargestMessageFitsTheBound() {
        OrderMessage largest = new OrderMessage(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE - 1, Long.MIN_VALUE);
        byte[] bytes = serializer.serialize(largest);
        assertThat(bytes).hasSizeLessThanOrEqualTo(Wire.MAX_SIZE);
        assertThat(new OrderMessageDeserializer().deserialize(bytes)).isEqualTo(largest);
    }

    @Test
    void nullStaysNullAsKafkaExpects() {
        assertThat(serializer.serialize("orders", null)).isNull();
    }
}
