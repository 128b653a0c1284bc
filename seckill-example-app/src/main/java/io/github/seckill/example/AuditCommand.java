package io.github.seckill.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.redis.SeckillRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seckill-app audit}: checks an activity's invariants from the ledger (and Redis when given) and exits non-zero
 * when any is broken.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit an activity: no oversell, the stock equation, one order per user, no admitted order lost,"
                + " admission never above the ledger. Exits 0 when clean, 1 on a violation.")
final class AuditCommand implements Callable<Integer> {

    @Option(names = "--activity", required = true, description = "The activity id.")
    long activity;

    @Option(names = "--jdbc", required = true, description = "JDBC URL of the ledger, e.g. jdbc:mysql://db:3306/shop.")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "root", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "", description = "Database password (default: empty).")
    String password;

    @Option(names = "--redis", description = "Redis URI (redis://host:port) to audit admission against the ledger.")
    @Nullable String redisUri;

    @Option(names = "--cluster", description = "The Redis URI is a Redis Cluster.")
    boolean cluster;

    @Option(names = "--key-prefix", defaultValue = "seckill", description = "Redis key prefix (default: ${DEFAULT-VALUE}).")
    String keyPrefix;

    @Option(names = "--grace", defaultValue = "PT60S",
            description = "How long an admitted order may take to reach the ledger (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (HikariDataSource pool = MySqlDataSources.hikari(jdbcUrl, user, password)) {
            StockLedger ledger = SeckillMySql.create(pool).stockLedger();
            AuditReport report = redisUri == null ? Auditor.of(ledger).audit(activity) : auditWithRedis(ledger);
            if (json) {
                ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                        .enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode node = mapper.createObjectNode().put("clean", report.clean());
                node.setAll((ObjectNode) mapper.valueToTree(report));
                out.println(mapper.writeValueAsString(node));
            } else {
                out.print(report.toTable());
            }
            out.flush();
            return report.clean() ? 0 : 1;
        }
    }

    private AuditReport auditWithRedis(StockLedger ledger) {
        String uri = java.util.Objects.requireNonNull(redisUri);
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create(uri);
            try (SeckillRedis redis = SeckillRedis.builder(client).keyPrefix(keyPrefix).build()) {
                return Auditor.of(ledger, redis.admissionGate(), grace).audit(activity);
            } finally {
                client.shutdown();
            }
        }
        RedisClient client = RedisClient.create(uri);
        try (SeckillRedis redis = SeckillRedis.builder(client).keyPrefix(keyPrefix).build()) {
            return Auditor.of(ledger, redis.admissionGate(), grace).audit(activity);
        } finally {
            client.shutdown();
        }
    }
}
