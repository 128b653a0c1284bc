package io.github.seckill.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.redis.Coalescing;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.lettuce.core.RedisClient;
import java.util.Set;

/**
 * seckill's network backends as the benchmarks build them on the run's servers. A backend whose module is not in this
 * build is reported missing; the runner leaves its configurations out rather than measure something else.
 */
public final class Backends {

    /** The seckill-redis module. */
    public static final String REDIS = "seckill-redis";
    /** The seckill-mysql module. */
    public static final String MYSQL = "seckill-mysql";
    /** The seckill-kafka module. */
    public static final String KAFKA = "seckill-kafka";

    private static final Set<String> IN_THIS_BUILD = Set.of(REDIS, MYSQL, KAFKA);

    private Backends() {
    }

    /**
     * @param module {@link #REDIS}, {@link #MYSQL} or {@link #KAFKA}
     * @return whether this build has it
     */
    public static boolean available(String module) {
        return IN_THIS_BUILD.contains(module);
    }

    /**
     * @param redisUri the server
     * @param coalesced whether concurrent attempts share script calls
     * @return seckill's standalone-Redis admission gate and the client it runs on
     */
    public static RedisGate redisGate(String redisUri, boolean coalesced) {
        RedisClient client = RedisClient.create(redisUri);
        try {
            SeckillRedis redis = SeckillRedis.builder(client)
                    .coalescing(coalesced ? Coalescing.defaults() : Coalescing.disabled())
                    .build();
            return new RedisGate(redis.admissionGate(), () -> {
                redis.close();
                client.shutdown();
            });
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /**
     * An admission gate and what to close after it.
     *
     * @param gate the gate
     * @param resources its backend and client
     */
    public record RedisGate(AdmissionGate gate, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    /**
     * seckill's MySQL/MariaDB stock ledger on a pool configured as the module recommends
     * ({@link MySqlDataSources#hikariConfig}), its tables created.
     *
     * @param db an empty database
     * @param connections the pool's size
     * @return the ledger and its pool, which the caller closes
     */
    public static MySqlLedger mysqlLedger(MariaDbEndpoint db, int connections) {
        HikariDataSource pool = Fixtures.sized(
                MySqlDataSources.hikariConfig(db.jdbcUrl(), db.user(), db.password()), connections);
        SeckillMySql mysql = SeckillMySql.create(pool);
        mysql.migrate();
        return new MySqlLedger(mysql.stockLedger(), pool);
    }

    /**
     * A ledger and the pool it runs on.
     *
     * @param ledger the ledger
     * @param pool its connections
     */
    public record MySqlLedger(StockLedger ledger, HikariDataSource pool) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }

    /**
     * @param bootstrapServers the broker
     * @param topic the queue's topic, created with {@link Fixtures#KAFKA_PARTITIONS} partitions if missing
     * @return seckill's Kafka order queue with its default settings
     */
    public static OrderQueue kafkaQueue(String bootstrapServers, String topic) {
        SeckillKafka kafka = SeckillKafka.create(bootstrapServers);
        KafkaQueueOptions options = KafkaQueueOptions.builder(topic).build();
        kafka.createTopics(options, Fixtures.KAFKA_PARTITIONS, (short) 1);
        return kafka.orderQueue(options);
    }
}
