package io.github.seckill.example.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A drain in the middle of a sale on Redis, Kafka and MariaDB: late buyers are told CLOSING, no admitted order is lost. */
@WithRedis
@WithKafka
@WithMariaDb
class DrainOnServersTest {

    @Test
    void buyersClickingThroughADrainAreRefusedCleanlyAndNothingAdmittedIsLost(RedisEndpoint redis,
            KafkaEndpoint kafka, MariaDbEndpoint db) throws Exception {
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults())) {
            long id = rig.launch(100_000, 4).activityId();
            Set<Long> admitted = ConcurrentHashMap.newKeySet();
            AtomicInteger closing = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            AtomicBoolean drained = new AtomicBoolean();
            AtomicInteger admittedAfter = new AtomicInteger();
            AtomicLong users = new AtomicLong();
            CountDownLatch warm = new CountDownLatch(300);
            ExecutorService buyers = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                buyers.execute(() -> {
                    while (closing.get() < 200) {
                        long user = users.incrementAndGet();
                        AttemptResult r = rig.sale.attempt(id, user, "r" + user);
                        boolean after = drained.get();
                        if (r instanceof AttemptResult.Admitted a) {
                            admitted.add(a.orderId());
                            if (after) {
                                admittedAfter.incrementAndGet();
                            }
                        } else if (r.outcome() == AttemptResult.Outcome.CLOSING) {
                            closing.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                        warm.countDown();
                    }
                });
            }
            assertThat(warm.await(60, TimeUnit.SECONDS)).isTrue();
            DrainReport report = rig.sale.drain().sweeping(rig.lifecycle).run(Duration.ofSeconds(60));
            drained.set(true);
            buyers.shutdown();
            assertThat(buyers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(report.completed()).as(report.toString()).isTrue();
            assertThat(report.queueSettled()).isTrue();
            assertThat(admittedAfter.get()).isZero();
            assertThat(other.get()).as("every other answer was admitted or closing").isZero();
            assertThat(rig.number("SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + id))
                    .as("when the drain returns, every admitted order is in the ledger").isEqualTo(admitted.size());
            assertThat(admitted).allSatisfy(o -> assertThat(rig.ledger.findOrder(o)).isPresent());
        }
    }
}
