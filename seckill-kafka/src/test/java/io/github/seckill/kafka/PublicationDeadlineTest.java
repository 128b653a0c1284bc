package io.github.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.queue.OrderMessage;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A publication's deadline is forgotten once the producer has its record: the deadline only ever fails a record still
 * waiting for the sender. Kept until it fired, every deadline held its publication for the whole publish timeout, so
 * memory grew with publish rate times timeout (a benchmark publishing 270,000 orders a second ran a 1 GB heap out).
 */
@WithKafka
class PublicationDeadlineTest {

    @Test
    void acknowledgedPublicationsLeaveNoDeadlineBehind(KafkaEndpoint kafka) throws Exception {
        KafkaQueueOptions options = TestKafka.freshOptions("deadlines").build(); // 30 s publish timeout
        try (OrderQueue queue = TestKafka.queue(kafka, options)) {
            long activity = Tck.uniqueId();
            List<OrderMessage> messages = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                messages.add(TestKafka.order(activity, i));
            }
            TestKafka.publishAll(queue, messages);
            assertThat(((KafkaOrderQueue) queue).pendingDeadlines()).as("deadlines still scheduled").isZero();
        }
    }
}
