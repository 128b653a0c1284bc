package io.github.seckill.tck;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.queue.OrderMessage;
import org.junit.jupiter.api.Test;

class OrderMessageBuilderTest {

    @Test
    void defaultsAreTheValuesTestsLeaveAlone() {
        assertThat(order(10).build())
                .isEqualTo(new OrderMessage(10, 1, 1, 1, 0, OrderMessageBuilder.ADMITTED_AT));
    }

    @Test
    void everyFieldIsSetByName() {
        OrderMessage m = order(10).activity(2).user(3).quantity(4).shard(5).admittedAt(6).build();
        assertThat(m).isEqualTo(new OrderMessage(10, 2, 3, 4, 5, 6));
        assertThat(order(10).noShard().build().hasShard()).isFalse();
    }

    @Test
    void buildsSeveralMessagesChangingAFieldInBetween() {
        OrderMessageBuilder builder = order(1).activity(7);
        OrderMessage first = builder.build();
        OrderMessage second = builder.id(2).user(2).build();
        assertThat(first).isEqualTo(new OrderMessage(1, 7, 1, 1, 0, OrderMessageBuilder.ADMITTED_AT));
        assertThat(second).isEqualTo(new OrderMessage(2, 7, 2, 1, 0, OrderMessageBuilder.ADMITTED_AT));
    }

    @Test
    void invalidValuesFailAsTheRecordDoes() {
        assertThatThrownBy(() -> order(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> order(1).quantity(0).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
