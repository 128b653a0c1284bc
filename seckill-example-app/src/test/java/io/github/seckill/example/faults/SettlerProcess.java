package io.github.seckill.example.faults;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.admission.StockGiveBack;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.lettuce.core.RedisClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A settler in a process of its own, for the fault suite: it settles a rig's topic into the rig's ledger, in the rig's
 * consumer group, giving units back to the rig's Redis. Told {@code halt} on its standard input, it halts the JVM
 * (no shutdown hook, no offset commit) right after the ledger committed its next batch: the SDK tells its listener
 * {@code settled} between the ledger's commit and the queue's acknowledgement.
 *
 * <p>It settles until its standard input ends. Arguments: Kafka bootstrap, topic, JDBC URL, database user, password, Redis URI, Redis key prefix.
 */
public final class SettlerProcess {

    /** The exit status of a halt after a ledger commit. */
    public static final int HALTED_AFTER_COMMIT = 77;

    private SettlerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String kafkaBootstrap = args[0];
        String topic = args[1];
        String jdbcUrl = args[2];
        String user = args[3];
        String password = args[4];
        String redisUri = args[5];
        String keyPrefix = args[6];
        AtomicBoolean armed = new AtomicBoolean();
        SeckillListener haltAfterCommit = new SeckillListener() {
            @Override
            public void settled(List<Settlement> settlements, long nanos) {
                long replayed = settlements.stream().filter(x -> x.outcome() == Settlement.Outcome.REPLAYED).count();
                if (replayed > 0) {
                    System.out.println("replayed " + replayed + " of " + settlements.size() + " orders");
                    System.out.flush();
                }
                if (armed.get() && !settlements.isEmpty()) {
                    System.out.println("halting after the ledger committed " + settlements.size() + " orders");
                    System.out.flush();
                    Runtime.getRuntime().halt(HALTED_AFTER_COMMIT);
                }
            }
        };
        RedisClient client = RedisClient.create(redisUri);
        try (SeckillRedis redis = SeckillRedis.builder(client).keyPrefix(keyPrefix).build();
                HikariDataSource pool = MySqlDataSources.hikari(jdbcUrl, user, password)) {
            // A dead member's partitions wait for its session to expire: seconds, not the default 45.
            SeckillKafka kafka = SeckillKafka.builder(kafkaBootstrap).property("session.timeout.ms", 6_000)
                    .property("heartbeat.interval.ms", 1_500).build();
            try (OrderQueue queue = kafka.orderQueue(KafkaQueueOptions.builder(topic).build());
                    OrderSettler settler = OrderSettler.builder(queue, SeckillMySql.create(pool).stockLedger())
                            .consumers(2).givingBackTo(StockGiveBack.through(redis.admissionGate()))
                            .listener(haltAfterCommit).start()) {
                System.out.println("settling " + topic);
                System.out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("halt")) {
                        armed.set(true);
                    }
                }
                // the end of the input: the test that started this process is gone
            }
        } finally {
            client.shutdown();
        }
    }
}
