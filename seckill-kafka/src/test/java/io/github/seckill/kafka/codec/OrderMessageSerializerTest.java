package io.github.seckill.kafka.codec;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.OrderMessage;
import org.junit.jupiter.api.Test;

class OrderMessageSerializerTest {

    private final OrderMessageSerializer serializer = new OrderMessageSerializer();

    @Test
    void writesTheDocumentedLayout() {
        OrderMessage m = order(300).activity(2).user(1).quantity(1).noShard().admittedAt(1).build();
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
        OrderMessage snowflakeOrder = order(7_200_000_000_000_000_000L).activity(888).user(123_456_789).quantity(1)
                .shard(3).admittedAt(1_900_000_000_000L).build();
        assertThat(serializer.serialize(snowflakeOrder)).hasSizeBetween(20, 30);
    }

    @Test
    void theLargestMessageFitsTheBound() {
        OrderMessage largest = order(Long.MAX_VALUE).activity(Long.MAX_VALUE).user(Long.MAX_VALUE)
                .quantity(Integer.MAX_VALUE).shard(Integer.MAX_VALUE - 1).admittedAt(Long.MIN_VALUE).build();
        byte[] bytes = serializer.serialize(largest);
        assertThat(bytes).hasSizeLessThanOrEqualTo(Wire.MAX_SIZE);
        assertThat(new OrderMessageDeserializer().deserialize(bytes)).isEqualTo(largest);
    }

    @Test
    void nullStaysNullAsKafkaExpects() {
        assertThat(serializer.serialize("orders", null)).isNull();
    }
}
