package io.github.seckill.kafka;

import io.github.seckill.queue.OrderQueue;
import io.github.seckill.queue.RetryPolicy;
import io.github.seckill.tck.OrderQueueContractTest;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/** The queue contract against the harness' real KRaft broker; each queue has its own topics and group. */
@WithKafka
class KafkaOrderQueueContractTest extends OrderQueueContractTest {

    private static final Duration UNAVAILABLE_PUBLISH_TIMEOUT = Duration.ofSeconds(2);

    private KafkaEndpoint kafka;

    @BeforeEach
    void broker(KafkaEndpoint endpoint) {
        this.kafka = endpoint;
    }

    @Override
    protected OrderQueue createQueue(RetryPolicy retry) {
        return TestKafka.queue(kafka, TestKafka.freshOptions("tck").retryPolicy(retry).batchSize(200).build());
    }

    /** Points at a loopback port nothing listens on: no publish can ever be acknowledged. */
    @Override
    protected OrderQueue createUnavailableQueue() {
        KafkaQueueOptions options = TestKafka.freshOptions("tck-unavailable")
                .publishTimeout(UNAVAILABLE_PUBLISH_TIMEOUT).build();
        return SeckillKafka.create("127.0.0.1:" + closedPort()).orderQueue(options);
    }

    @Override
    protected Duration publishTimeout() {
        return UNAVAILABLE_PUBLISH_TIMEOUT;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
