package io.github.seckill.example.backend;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.status.OrderStatusFeed;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production pipeline on servers given by address: admission and the updates feed in Redis, the queue in Kafka,
 * the ledger and the leases in MySQL or MariaDB. Several processes on the same servers are one sale.
 */
public final class RemoteBackend implements SaleBackend {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteBackend.class);

    /** The topic every instance of the app shares. */
    public static final String TOPIC = "seckill-orders";

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final String description;
    private final SeckillRedis redis;
    private final OrderQueue queue;
    private final SeckillMySql mysql;
    private final RedisCatalog catalog;

    /**
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}; several, comma-separated, for a Redis Cluster's seeds
     * @param kafkaBootstrap e.g. {@code 127.0.0.1:9092}
     * @param jdbcUrl e.g. {@code jdbc:mariadb://127.0.0.1:3306/shop}
     * @param user database user
     * @param password database password
     */
    public RemoteBackend(String redisUri, String kafkaBootstrap, String jdbcUrl, String user, String password) {
        this(new Servers(redisUri, false, kafkaBootstrap, TOPIC, 3, jdbcUrl, user, password));
    }

    /**
     * Where the servers are and how the sale uses them.
     *
     * @param redis a standalone Redis URI, or a Redis Cluster's seed URIs, comma-separated
     * @param redisCluster whether {@code redis} names a Redis Cluster
     * @param kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
     * @param topic the orders topic every instance shares
     * @param partitions the topic's partitions, if this instance creates it
     * @param jdbcUrl e.g. {@code jdbc:mariadb://127.0.0.1:3306/shop}
     * @param user database user
     * @param password database password
     */
    public record Servers(String redis, boolean redisCluster, String kafka, String topic, int partitions,
            String jdbcUrl, String user, String password) {

        /** @throws IllegalArgumentException naming the field out of range */
        public Servers {
            if (redis.isBlank()) {
                throw new IllegalArgumentException("redis: a URI is needed");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
        }
    }

    /** @param servers where the servers are */
    public RemoteBackend(Servers servers) {
        String redisUris = servers.redis();
        boolean cluster = servers.redisCluster();
        String kafkaBootstrap = servers.kafka();
        String jdbcUrl = servers.jdbcUrl();
        try {
            if (cluster) {
                List<RedisURI> seeds = new ArrayList<>();
                for (String uri : redisUris.split(",")) {
                    seeds.add(RedisURI.create(uri.trim()));
                }
                RedisClusterClient client = RedisClusterClient.create(seeds);
                opened.push(client::shutdown);
                redis = opened(SeckillRedis.create(client));
                StatefulRedisClusterConnection<String, String> c = client.connect();
                catalog = opened(new RedisCatalog(c.sync(), c));
            } else {
                RedisClient client = RedisClient.create(redisUris);
                opened.push(client::shutdown);
                redis = opened(SeckillRedis.create(client));
                StatefulRedisConnection<String, String> c = client.connect();
                catalog = opened(new RedisCatalog(c.sync(), c));
            }
            SeckillKafka kafka = SeckillKafka.create(kafkaBootstrap);
            KafkaQueueOptions options = KafkaQueueOptions.builder(servers.topic()).build();
            kafka.createTopics(options, servers.partitions(), (short) 1);
            queue = opened(kafka.orderQueue(options));
            HikariDataSource pool = opened(MySqlDataSources.hikari(jdbcUrl, servers.user(), servers.password()));
            mysql = SeckillMySql.create(pool);
            mysql.migrate();
            description = (cluster ? "Redis Cluster " : "Redis ") + redisUris + ", Kafka " + kafkaBootstrap + ", "
                    + (jdbcUrl.startsWith("jdbc:mariadb:") ? "MariaDB " : "MySQL ") + jdbcUrl;
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
    public Waitlist waitlist() {
        return redis.waitlist();
    }

    @Override
    public SharedShardBitmap sharedShardBitmap() {
        return redis.sharedShardBitmap();
    }

    @Override
    public OrderStatusFeed statusFeed() {
        return redis.statusFeed();
    }

    @Override
    public OrderQueue queue() {
        return queue;
    }

    @Override
    public StockLedger ledger() {
        return mysql.stockLedger();
    }

    @Override
    public LeaseStore leases() {
        return mysql.leaseStore();
    }

    @Override
    public ActivityCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                LOG.warn("could not close a backend resource", e);
            }
        }
    }
}
