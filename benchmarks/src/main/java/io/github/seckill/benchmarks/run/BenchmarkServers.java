package io.github.seckill.benchmarks.run;

import io.github.seckill.benchmarks.ceiling.Command;
import io.github.seckill.testservers.KafkaBroker;
import io.github.seckill.testservers.MariaDbServer;
import io.github.seckill.testservers.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;

/**
 * The servers of one run, started by the harness on loopback: a standalone Redis, a MariaDB with production
 * durability, and a Kafka broker. Every ceiling and every JMH fork of the run uses these same servers.
 */
final class BenchmarkServers implements AutoCloseable {

    /**
     * MariaDB settings beyond the defaults: memory and redo log sized like a production server's. Durability stays
     * at InnoDB's defaults (a synchronous redo log flush at every commit, doublewrite on).
     */
    static final Map<String, String> MARIADB_OPTIONS = Map.of(
            "innodb_buffer_pool_size", "1G",
            "innodb_log_file_size", "512M",
            "max_connections", "500");
    /** What the report shows of MariaDB's configuration. */
    private static final List<String> MARIADB_REPORTED = List.of(
            "innodb_flush_log_at_trx_commit", "innodb_doublewrite", "innodb_flush_method", "sync_binlog", "log_bin",
            "innodb_buffer_pool_size", "innodb_log_file_size", "tx_isolation", "max_connections");

    private final RedisServer redis;
    private final MariaDbServer mariaDb;
    private final KafkaBroker kafka;

    private BenchmarkServers(RedisServer redis, MariaDbServer mariaDb, KafkaBroker kafka) {
        this.redis = redis;
        this.mariaDb = mariaDb;
        this.kafka = kafka;
    }

    /** Starts the three servers side by side. */
    static BenchmarkServers start() {
        CompletableFuture<RedisServer> redis = async(() -> RedisServer.builder().start());
        CompletableFuture<MariaDbServer> mariaDb = async(() -> {
            MariaDbServer.Builder builder = MariaDbServer.builder().database("seckill_bench");
            MARIADB_OPTIONS.forEach(builder::serverOption);
            return builder.start();
        });
        CompletableFuture<KafkaBroker> kafka = async(() -> KafkaBroker.builder().maxHeap("1g").start());
        try {
            return new BenchmarkServers(redis.join(), mariaDb.join(), kafka.join());
        } catch (CompletionException e) {
            for (CompletableFuture<? extends AutoCloseable> server : List.of(redis, mariaDb, kafka)) {
                server.thenAccept(BenchmarkServers::closeQuietly);
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    RedisServer redis() {
        return redis;
    }

    MariaDbServer mariaDb() {
        return mariaDb;
    }

    KafkaBroker kafka() {
        return kafka;
    }

    /** @return the system properties that point a JMH fork's harness at these servers */
    Map<String, String> forkProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("seckill.redis.uri", redis.uri());
        properties.put("seckill.jdbc.url", mariaDb.jdbcUrl());
        properties.put("seckill.jdbc.user", mariaDb.user());
        properties.put("seckill.jdbc.password", mariaDb.password());
        properties.put("seckill.kafka.bootstrap", kafka.bootstrapServers());
        return properties;
    }

    /** @return server name to version */
    Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("Redis", redisVersion());
        versions.put("MariaDB", query("SELECT VERSION()").getOrDefault("1", "unknown"));
        versions.put("Kafka", kafkaVersion());
        return versions;
    }

    /** @return the MariaDB settings the report shows */
    Map<String, String> mariaDbSettings() {
        Map<String, String> all = query("SHOW GLOBAL VARIABLES");
        Map<String, String> shown = new LinkedHashMap<>();
        MARIADB_REPORTED.forEach(name -> shown.put(name, all.getOrDefault(name, "?")));
        return shown;
    }

    /**
     * Creates a topic, if it does not exist.
     *
     * @param topic the name
     * @param partitions its partitions
     */
    void createTopic(String topic, int partitions) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(kafka);
        closeQuietly(mariaDb);
        closeQuietly(redis);
    }

    private String redisVersion() {
        String info = Command.run(List.of("redis-cli", "-h", redis.host(), "-p", Integer.toString(redis.port()),
                "INFO", "server"), null, Duration.ofSeconds(30));
        for (String line : info.split("\\R")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).strip();
            }
        }
        return "unknown";
    }

    private static String kafkaVersion() {
        String resource = "io/github/seckill/testservers/kafkabroker/broker-classpath.properties";
        Properties recorded = new Properties();
        try (InputStream in = BenchmarkServers.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                recorded.load(in);
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return recorded.getProperty("kafka.version", "unknown");
    }

    /** Two-column query results as a map, or the single value of a one-column one under key {@code 1}. */
    private Map<String, String> query(String sql) {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            boolean pairs = r.getMetaData().getColumnCount() >= 2;
            while (r.next()) {
                if (pairs) {
                    rows.put(r.getString(1).toLowerCase(java.util.Locale.ROOT), r.getString(2));
                } else {
                    rows.put("1", r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query MariaDB: " + e.getMessage(), e);
        }
        return rows;
    }

    private static <T> CompletableFuture<T> async(Supplier<T> start) {
        return CompletableFuture.supplyAsync(start);
    }

    private static void closeQuietly(@Nullable AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("could not stop " + server + ": " + e);
        }
    }
}
