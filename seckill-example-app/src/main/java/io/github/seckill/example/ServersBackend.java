package io.github.seckill.example;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.testservers.KafkaBroker;
import io.github.seckill.testservers.MariaDbServer;
import io.github.seckill.testservers.RedisServer;
import io.lettuce.core.RedisClient;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production pipeline on real servers started on loopback ports for the run: admission in Redis, the queue in a
 * KRaft Kafka broker, the ledger in MariaDB. Needs {@code redis-server} and {@code mariadbd} installed
 * ({@code scripts/setup.sh}); Kafka comes from the local Maven repository.
 */
final class ServersBackend implements DemoBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ServersBackend.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final String description;
    private final SeckillRedis redis;
    private final OrderQueue queue;
    private final StockLedger ledger;

    ServersBackend() {
        try {
            RedisServer redisServer = opened(RedisServer.builder().start());
            KafkaBroker broker = opened(KafkaBroker.builder().start());
            MariaDbServer db = opened(MariaDbServer.builder().start());

            RedisClient client = RedisClient.create(redisServer.uri());
            opened.push(client::shutdown);
            redis = opened(SeckillRedis.create(client));

            SeckillKafka kafka = SeckillKafka.create(broker.bootstrapServers());
            KafkaQueueOptions options = KafkaQueueOptions.builder("seckill-demo-orders").build();
            kafka.createTopics(options, 3, (short) 1);
            queue = opened(kafka.orderQueue(options));

            HikariDataSource pool = opened(MySqlDataSources.hikari(db.jdbcUrl(), db.user(), db.password()));
            SeckillMySql mysql = SeckillMySql.create(pool);
            mysql.migrate();
            ledger = mysql.stockLedger();
            description = "Redis " + redisServer.uri() + ", Kafka " + broker.bootstrapServers() + ", MariaDB "
                    + db.jdbcUrl();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public AdmissionGate gate() {
        return redis.admissionGate();
    }

    @Override
    public OrderQueue queue() {
        return queue;
    }

    @Override
    public StockLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                LOG.warn("could not close a demo resource", e);
            }
        }
    }
}
