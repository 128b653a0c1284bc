package io.github.seckill.spring.boot;

import io.github.seckill.engine.DegradedAdmission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The seckill.* settings of the auto-configured sale. Every value is checked when it is bound: a wrong one
 * stops the application at startup with a message naming the property.
 *
 * @param enabled whether the starter configures the sale at all
 * @param redis the admission backend
 * @param kafka the order queue
 * @param mysql the stock ledger
 * @param settler the consumers that settle orders into the ledger
 * @param sweepEvery how often unpaid orders past their payment timeout are released; match it to the activities'
 *     payment timeout
 * @param reconcileEvery how often every launched activity is reconciled with the ledger; 0 to run it only when the
 *     engine asks
 * @param auditGrace how old an admission must be before the auditor counts it as lost when the ledger lacks it
 * @param degradedAdmission what attempts get while Redis is down: REJECT or RANDOM_GATE (LOCAL_QUOTA needs a
 *     DegradedAdmission bean of your own, with its quota)
 * @param drainTimeout how long the drain on shutdown may take: attempts under way finish, the settlers catch up with
 *     everything admitted, a last timeout sweep runs
 */
@ConfigurationProperties("seckill")
public record SeckillProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Redis redis,
        @DefaultValue Kafka kafka,
        @DefaultValue Mysql mysql,
        @DefaultValue Settler settler,
        @DefaultValue("5s") Duration sweepEvery,
        @DefaultValue("5s") Duration reconcileEvery,
        @DefaultValue("60s") Duration auditGrace,
        @DefaultValue("REJECT") DegradedAdmission.Mode degradedAdmission,
        @DefaultValue("30s") Duration drainTimeout) {

    /** Checks every value, naming the property of a wrong one. */
    public SeckillProperties {
        positive(sweepEvery, "seckill.sweep-every");
        if (reconcileEvery.isNegative()) {
            throw new IllegalArgumentException("seckill.reconcile-every must not be negative, was " + reconcileEvery);
        }
        positive(auditGrace, "seckill.audit-grace");
        positive(drainTimeout, "seckill.drain-timeout");
        if (degradedAdmission == DegradedAdmission.Mode.LOCAL_QUOTA) {
            throw new IllegalArgumentException("seckill.degraded-admission=LOCAL_QUOTA needs each JVM's quota: define a"
                    + " DegradedAdmission bean with DegradedAdmission.builder().mode(LOCAL_QUOTA).localQuota(...)");
        }
    }

    /**
     * Where admission runs. Without url or cluster-nodes, the backend uses the application's
     * RedisClient or RedisClusterClient bean, else the Lettuce client of Boot's Redis connection factory
     * (spring.data.redis.*).
     *
     * @param url a standalone Redis, e.g. redis://127.0.0.1:6379; the starter opens a client of its own
     * @param clusterNodes a Redis Cluster's seed URIs, e.g. redis://10.0.0.1:7000; the starter opens a cluster
     *     client of its own
     * @param keyPrefix the prefix of every key, the same on every instance of one sale
     * @param commandTimeout how long one Redis call may take before the attempt's outcome is unknown
     */
    public record Redis(
            @Nullable String url,
            @DefaultValue List<String> clusterNodes,
            @DefaultValue("seckill") String keyPrefix,
            @DefaultValue("2s") Duration commandTimeout) {

        /** Checks every value, naming the property of a wrong one. */
        public Redis {
            clusterNodes = List.copyOf(clusterNodes);
            if (url != null && url.isBlank()) {
                throw new IllegalArgumentException("seckill.redis.url must not be blank");
            }
            if (url != null && !clusterNodes.isEmpty()) {
                throw new IllegalArgumentException(
                        "seckill.redis.url and seckill.redis.cluster-nodes exclude each other: set one");
            }
            if (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c == '{' || c == '}'
                    || Character.isWhitespace(c))) {
                throw new IllegalArgumentException(
                        "seckill.redis.key-prefix must be non-empty, without braces or whitespace, was '" + keyPrefix
                                + "'");
            }
            positive(commandTimeout, "seckill.redis.command-timeout");
        }
    }

    /**
     * The order queue.
     *
     * @param bootstrapServers host:port pairs; default Boot's spring.kafka.bootstrap-servers
     * @param topic the order topic every instance of the sale shares; dead letters go to <topic>.dlt
     * @param consumerGroup the settlers' consumer group; default <topic>.settler
     * @param createTopics whether the starter creates the topics when they are missing
     * @param partitions partitions of each topic the starter creates; a multiple of the settler consumers you run
     * @param replicationFactor copies of each partition of the topics the starter creates (3 in production)
     * @param publishTimeout how long a publish may take before the attempt is answered as not queued
     * @param properties further Kafka client settings (security, client ids, compression), for the producer, the
     *     consumers and the admin client alike
     */
    public record Kafka(
            @DefaultValue List<String> bootstrapServers,
            @DefaultValue("seckill-orders") String topic,
            @Nullable String consumerGroup,
            @DefaultValue("true") boolean createTopics,
            @DefaultValue("12") int partitions,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("10s") Duration publishTimeout,
            @DefaultValue Map<String, String> properties) {

        /** Checks every value, naming the property of a wrong one. */
        public Kafka {
            bootstrapServers = List.copyOf(bootstrapServers);
            properties = Map.copyOf(properties);
            if (partitions < 1) {
                throw new IllegalArgumentException("seckill.kafka.partitions must be >= 1, was " + partitions);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException(
                        "seckill.kafka.replication-factor must be >= 1, was " + replicationFactor);
            }
            positive(publishTimeout, "seckill.kafka.publish-timeout");
            if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException(
                        "seckill.kafka.topic must be 1 to 249 characters of [a-zA-Z0-9._-], was '" + topic + "'");
            }
        }
    }

    /**
     * The stock ledger, on the application's DataSource.
     *
     * @param migrate whether the ledger's tables are created or upgraded at startup (safe on several instances)
     */
    public record Mysql(@DefaultValue("true") boolean migrate) {
    }

    /**
     * The settlers.
     *
     * @param consumers queue consumers settling into the ledger on this instance
     * @param maxSettleRate the most orders per second this instance settles into the ledger; 0 for no limit
     */
    public record Settler(@DefaultValue("2") int consumers, @DefaultValue("0") int maxSettleRate) {

        /** Checks every value, naming the property of a wrong one. */
        public Settler {
            if (consumers < 1) {
                throw new IllegalArgumentException("seckill.settler.consumers must be >= 1, was " + consumers);
            }
            if (maxSettleRate < 0) {
                throw new IllegalArgumentException(
                        "seckill.settler.max-settle-rate must be >= 0, was " + maxSettleRate);
            }
        }
    }

    private static void positive(Duration d, String property) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, was " + d);
        }
    }
}
