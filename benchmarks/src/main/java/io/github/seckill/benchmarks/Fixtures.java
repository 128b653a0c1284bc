package io.github.seckill.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RealServers;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The servers a benchmark fork talks to. The runner starts them once and hands their addresses to every fork as
 * system properties ({@code seckill.redis.uri}, {@code seckill.jdbc.url}, {@code seckill.kafka.bootstrap}, read by
 * the harness' {@link RealServers}); a benchmark run on its own starts its own.
 */
public final class Fixtures {

    /** Units of stock the benchmarks load: more than any run can take, small enough for every backend's numbers. */
    public static final long UNLIMITED_STOCK = 1_000_000_000_000L;

    /** Partitions of the benchmarks' topics, the queue's and the ProducerPerformance ceiling's alike. */
    public static final int KAFKA_PARTITIONS = 4;

    private Fixtures() {
    }

    /** @return the Redis URI, e.g. {@code redis://127.0.0.1:6379} */
    public static String redisUri() {
        return RealServers.redis().uri();
    }

    /**
     * Empties the Redis database, so that a benchmark's buyers do not pile up across configurations.
     *
     * @throws IllegalStateException if Redis does not answer OK
     */
    public static void flushRedis() {
        var endpoint = RealServers.redis();
        try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write("*1\r\n$7\r\nFLUSHDB\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(5);
            if (!new String(answer, StandardCharsets.US_ASCII).equals("+OK\r\n")) {
                throw new IllegalStateException("FLUSHDB answered " + new String(answer, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot flush Redis at " + endpoint.uri(), e);
        }
    }

    /** @return the Kafka bootstrap servers */
    public static String kafkaBootstrap() {
        return RealServers.kafka().bootstrapServers();
    }

    /**
     * @param nameHint the start of the database's name
     * @return an empty database of its own on the run's MariaDB
     */
    public static MariaDbEndpoint freshDatabase(String nameHint) {
        return RealServers.mariaDb().createFreshDatabase(nameHint);
    }

    /**
     * Drops a database made by {@link #freshDatabase}; the run's server is thrown away at its end anyway, so a
     * failure is ignored.
     *
     * @param db the database
     */
    public static void dropDatabase(MariaDbEndpoint db) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + db.database() + "`");
        } catch (SQLException e) {
            // left for the server's end
        }
    }

    /**
     * @param db a database
     * @param connections the pool's size, all opened at once
     * @return a HikariCP pool at its defaults but for its size, as a tutorial project would configure it
     */
    public static HikariDataSource plainPool(MariaDbEndpoint db, int connections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        return sized(config, connections);
    }

    /**
     * @param config a pool configuration
     * @param connections the pool's size, all opened at once
     * @return the started pool
     */
    public static HikariDataSource sized(HikariConfig config, int connections) {
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(connections);
        return new HikariDataSource(config);
    }
}
