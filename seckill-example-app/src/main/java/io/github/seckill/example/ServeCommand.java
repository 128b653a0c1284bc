package io.github.seckill.example;

import io.github.seckill.engine.DrainReport;
import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.backend.RemoteBackend;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.example.backend.ServersBackend;
import io.github.seckill.example.server.App;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seckill-app serve}: the HTTP API, the sale page and the dashboard, on one backend. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the flash-sale API, the sale page (/) and the live dashboard (/dashboard).")
final class ServeCommand implements Callable<Integer> {

    /** Where the sale runs. */
    enum Backend {
        /** This JVM only, nothing to install. */
        memory,
        /** Redis, Kafka and MariaDB started on loopback (scripts/setup.sh installs them). */
        servers
    }

    @Option(names = "--backend", defaultValue = "memory",
            description = "memory or servers (default: ${DEFAULT-VALUE}); --redis/--kafka/--jdbc select external "
                    + "servers instead.")
    Backend backend;

    @Option(names = "--redis", description = "External Redis, e.g. redis://127.0.0.1:6379; with --redis-cluster, "
            + "the cluster's seed URIs, comma-separated.")
    @Nullable String redis;

    @Option(names = "--redis-cluster", description = "--redis names a Redis Cluster.")
    boolean redisCluster;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the orders topic, when this "
            + "instance creates it (default: ${DEFAULT-VALUE}); a consumer group of settlers shares them.")
    int partitions;

    @Option(names = "--topic", defaultValue = RemoteBackend.TOPIC, description = "The orders topic every instance "
            + "of one sale shares (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--kafka", description = "External Kafka bootstrap servers, e.g. 127.0.0.1:9092.")
    @Nullable String kafka;

    @Option(names = "--jdbc", description = "External MySQL/MariaDB JDBC URL.")
    @Nullable String jdbc;

    @Option(names = "--db-user", defaultValue = "root", description = "Database user (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "Database password.")
    String dbPassword;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--demo", description = "Enable POST /api/demo/tokens and print an admin token.")
    boolean demo;

    @Option(names = "--token-secret", description = "Token signing secret shared by every instance (32+ "
            + "characters; default: $SECKILL_TOKEN_SECRET, else random).")
    @Nullable String tokenSecret;

    @Option(names = "--user-rate", defaultValue = "5", description = "Attempts per second per buyer.")
    int userRate;

    @Option(names = "--address-rate", defaultValue = "5000", description = "Attempts per second per client address.")
    int addressRate;

    @Option(names = "--shared-routing", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Route attempts by the shard bitmap every instance shares (default); --no-shared-routing "
                    + "routes by what this instance alone saw.")
    boolean sharedRouting;

    @Override
    public Integer call() throws Exception {
        SaleBackend where = backend();
        App.Settings settings = App.on(where).listen(host, port).demo(demo).rateLimits(userRate, addressRate)
                .sharedRouting(sharedRouting);
        String secret = tokenSecret != null ? tokenSecret : System.getenv("SECKILL_TOKEN_SECRET");
        if (secret != null) {
            settings.tokenSecret(secret.getBytes(StandardCharsets.UTF_8));
        }
        App app = settings.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DrainReport left = app.drain(Duration.ofSeconds(20));
            System.out.println("drained: " + left);
            app.close();
            stopped.countDown();
        }, "seckill-app-shutdown"));
        String url = "http://" + host + ":" + app.port();
        System.out.println("seckill app on " + where.describe());
        System.out.println("  sale page   " + url + "/");
        System.out.println("  dashboard   " + url + "/dashboard");
        System.out.println("  metrics     " + url + "/metrics");
        if (demo) {
            System.out.println("  admin token " + app.adminToken());
        }
        System.out.println("listening on " + url);
        System.out.flush();
        stopped.await();
        return 0;
    }

    private SaleBackend backend() {
        if (redis != null || kafka != null || jdbc != null) {
            if (redis == null || kafka == null || jdbc == null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--redis, --kafka and --jdbc go together");
            }
            try {
                return new RemoteBackend(new RemoteBackend.Servers(redis, redisCluster, kafka, topic, partitions, jdbc,
                        dbUser, dbPassword));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
        }
        if (redisCluster) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--redis-cluster needs --redis, --kafka and --jdbc");
        }
        return backend == Backend.servers ? new ServersBackend() : new MemoryBackend();
    }
}
