package io.github.seckill.example.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.ActivityConfig;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.example.SeckillApp;
import io.github.seckill.example.backend.RemoteBackend;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.example.faults.FaultReport.Row;
import io.github.seckill.example.faults.FaultSale.Fault;
import io.github.seckill.example.faults.FaultSale.Kind;
import io.github.seckill.example.faults.FaultSale.Outcome;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.example.server.App;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaBroker;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.MariaDbServer;
import io.github.seckill.testservers.RedisCluster;
import io.github.seckill.testservers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real-server fault suite: one sale per fault, each on Redis, Kafka and MariaDB processes this suite starts (so
 * that it may kill them), the fault injected mid-sale and lifted, then counted: nothing oversold, no user holding two
 * orders, every attempt answered "queued" ending as an order or an explicit failure, the audit clean, and a last wave
 * of paying buyers selling whatever was left. Every sale is a row of {@code target/faults/faults.md} and
 * {@code faults.json}; {@code docs/faults.md} is a committed run. Sized by {@code -Dseckill.faults.*} (see
 * {@link FaultSale.Size}).
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration STRANDED_AFTER = Duration.ofSeconds(5);
    private static final FaultSale.Size SIZE = FaultSale.Size.fromSystemProperties();
    private static final FaultReport REPORT = new FaultReport(SIZE, List.of(
            "The SDK's sales (every row but the two of the app) run the engine, the settler (two consumers), the"
                    + " lifecycle and a reconciler in the test's JVM, with a Redis command timeout of "
                    + COMMAND_TIMEOUT.toMillis() + " ms, degraded admission in RANDOM_GATE mode, payment sweeps and"
                    + " reconciliation every 500 ms, and stranded admissions queued again after "
                    + STRANDED_AFTER.toSeconds() + " s (60 s by default). The app's sales run `seckill-app`'s own"
                    + " wiring and settings, its buyers over HTTP.",
            "`tc netem` is not available on this machine (the kernel has no `sch_netem`), so the slow and lossy"
                    + " link is a TCP proxy on loopback written for the suite (`FlakyProxy`): a byte stream cannot"
                    + " drop a packet, so a loss is a chunk held until it would have been retransmitted, and a"
                    + " connection reset.",
            "An app instance killed leaves its Kafka consumers in the settler group until their session times out"
                    + " (10 s, seckill-kafka's default; Kafka's own is 45 s): orders on their partitions wait that"
                    + " long, a good part of that row's recovery. A settler restarted with a 6 s session recovers in"
                    + " seconds."));
    private static final Path LOGS = Path.of("target", "faults");
    private static final Duration CHILD_START = Duration.ofSeconds(90);
    private static final String APP_SECRET = "the fault suite's token secret, shared by both app instances";

    private static KafkaBroker kafka;
    private static MariaDbServer mariaDb;

    @BeforeAll
    static void startServers() {
        kafka = KafkaBroker.builder().start();
        mariaDb = MariaDbServer.builder().start();
    }

    @AfterAll
    static void writeReportAndStop() {
        REPORT.write(LOGS);
        if (mariaDb != null) {
            mariaDb.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void redisKilledAndRestartedEmpty() throws Exception {
        try (RedisServer redis = RedisServer.builder().start(); SaleRig rig = rig(redis.uri(), SaleRig.Tuning.defaults())) {
            Outcome o = sale(rig, fault(redis::kill, Duration.ofSeconds(2), redis::start));
            Row row = record("Redis SIGKILL, restarted empty", "SIGKILL of redis-server, restarted 2 s later on the"
                    + " same port without persistence: every admission key is gone", o);
            judge(row);
            assertThat(o.admittedDegraded() + count(o, Kind.UNAVAILABLE) + count(o, Kind.OUTCOME_UNKNOWN))
                    .as("attempts answered around Redis while it was down").isPositive();
        }
    }

    @Test
    @Order(2)
    void redisKilledAndRestartedOnItsAppendOnlyFile() throws Exception {
        // as a production primary would run: every write in the append-only file before it is answered
        try (RedisServer redis = RedisServer.builder().config("appendonly", "yes").config("appendfsync", "always")
                .start(); SaleRig rig = rig(redis.uri(), SaleRig.Tuning.defaults())) {
            Outcome o = sale(rig, fault(redis::kill, Duration.ofSeconds(2), redis::start));
            Row row = record("Redis SIGKILL, restarted on its AOF", "SIGKILL of redis-server with appendonly yes,"
                    + " appendfsync always; restarted 2 s later on its append-only file", o);
            judge(row);
            assertThat(o.admittedDegraded() + count(o, Kind.UNAVAILABLE) + count(o, Kind.OUTCOME_UNKNOWN))
                    .as("attempts answered around Redis while it was down").isPositive();
        }
    }

    @Test
    @Order(3)
    void redisStoppedLongerThanTheCommandTimeout() throws Exception {
        try (RedisServer redis = RedisServer.builder().start(); SaleRig rig = rig(redis.uri(), SaleRig.Tuning.defaults())) {
            Outcome o = sale(rig, fault(redis::pause, Duration.ofSeconds(3), redis::resume));
            Row row = record("Redis SIGSTOP 3 s", "SIGSTOP of redis-server for 3 s (the command timeout is "
                    + COMMAND_TIMEOUT.toMillis() + " ms), then SIGCONT: its data stays", o);
            judge(row);
            assertThat(o.admittedDegraded() + count(o, Kind.UNAVAILABLE) + count(o, Kind.OUTCOME_UNKNOWN))
                    .as("attempts that timed out or went around the stalled Redis").isPositive();
        }
    }

    @Test
    @Order(4)
    void kafkaBrokerKilledAndRestarted() throws Exception {
        try (RedisServer redis = RedisServer.builder().start(); SaleRig rig = rig(redis.uri(), SaleRig.Tuning.defaults()
                .withQueue(q -> q.publishTimeout(Duration.ofSeconds(3))))) {
            Outcome o = sale(rig, fault(kafka::kill, Duration.ofSeconds(2), kafka::start));
            Row row = record("Kafka broker SIGKILL", "SIGKILL of the broker's JVM, restarted 2 s later on its data"
                    + " (publish timeout 3 s)", o);
            judge(row);
            assertThat(count(o, Kind.NOT_QUEUED)).as("publishes refused while the broker was down").isPositive();
        }
    }

    @Test
    @Order(5)
    void mariaDbKilledAndRestarted() throws Exception {
        LongAdder retries = new LongAdder();
        LongAccumulator longestSettleNanos = new LongAccumulator(Math::max, 0);
        SeckillListener settlement = new SeckillListener() {
            @Override
            public void consumeRetry(int batchSize, int attempt, Throwable cause) {
                retries.increment();
            }

            @Override
            public void settled(List<Settlement> settlements, long nanos) {
                longestSettleNanos.accumulate(nanos);
            }
        };
        try (RedisServer redis = RedisServer.builder().start();
                SaleRig rig = rig(redis.uri(), SaleRig.Tuning.defaults().listening(settlement))) {
            Outcome o = sale(rig, fault(mariaDb::kill, Duration.ofSeconds(2), mariaDb::start));
            Row row = record("MariaDB SIGKILL", "SIGKILL of mariadbd, restarted 2 s later on its data", o);
            judge(row);
            // Buyers keep being admitted during the outage, so batches reach the settler while the ledger is down: a
            // batch whose connection broke fails and is retried; one that asks the pool for a connection waits in it
            // (up to its 10 s timeout) until the ledger is back. Either way settlement met the outage.
            assertThat(retries.sum() > 0 || longestSettleNanos.get() >= Duration.ofMillis(1_500).toNanos())
                    .as("settlement met the outage: %d batches retried, the longest took %d ms", retries.sum(),
                            longestSettleNanos.get() / 1_000_000)
                    .isTrue();
        }
    }

    @Test
    @Order(6)
    void settlerHaltedBetweenTheLedgerCommitAndTheOffsetCommit() throws Exception {
        try (RedisServer redis = RedisServer.builder().start();
                SaleRig rig = rig(redis.uri(), SaleRig.Tuning.defaults().withoutSettler())) {
            String[] settle = {kafka.bootstrapServers(), rig.topic, rig.database.jdbcUrl(), rig.database.user(),
                    rig.database.password(), redis.uri(), rig.keyPrefix};
            ChildJvm[] settler = {ChildJvm.start(SettlerProcess.class, LOGS.resolve("settler-1.log"), settle)};
            int[] exit = {-1};
            try {
                settler[0].awaitLine("settling", CHILD_START);
                Outcome o = sale(rig, fault(() -> {
                    settler[0].tell("halt");
                    exit[0] = settler[0].awaitExit(Duration.ofSeconds(60));
                }, Duration.ofSeconds(1), () -> {
                    settler[0] = ChildJvm.start(SettlerProcess.class, LOGS.resolve("settler-2.log"), settle);
                    settler[0].awaitLine("settling", CHILD_START);
                }));
                Row row = record("Settler halted after a ledger commit", "the settler's own JVM (SettlerProcess) halts"
                        + " (Runtime.halt) right after the ledger committed a batch, before the offset commit; a new"
                        + " settler process starts 1 s later in the same consumer group", o);
                judge(row);
                assertThat(exit[0]).as("the settler halted right after a ledger commit")
                        .isEqualTo(SettlerProcess.HALTED_AFTER_COMMIT);
                assertThat(settler[0].awaitLine("replayed", Duration.ofSeconds(5)))
                        .as("the new settler was handed the halted batch again and the ledger replayed it")
                        .startsWith("replayed");
            } finally {
                settler[0].close();
            }
        }
    }

    @Test
    @Order(7)
    void appInstanceKilledAndRestarted() throws Exception {
        try (RedisServer redis = RedisServer.builder().start()) {
            MariaDbEndpoint db = mariaDb.endpoint().createFreshDatabase("app");
            int port = freePort();
            String[] serve = {"serve", "--redis", redis.uri(), "--kafka", kafka.bootstrapServers(), "--jdbc",
                    db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(), "--port",
                    Integer.toString(port), "--token-secret", APP_SECRET, "--user-rate", "100",
                    "--address-rate", "100000"};
            ChildJvm[] killed = {ChildJvm.start(SeckillApp.class, LOGS.resolve("app-1.log"), serve)};
            try (App survivor = App.on(new RemoteBackend(redis.uri(), kafka.bootstrapServers(), db.jdbcUrl(),
                            db.user(), db.password())).tokenSecret(APP_SECRET.getBytes(StandardCharsets.UTF_8))
                            .rateLimits(100, 100_000).start();
                    HikariDataSource ledgerDb = MySqlDataSources.hikari(db.jdbcUrl(), db.user(), db.password())) {
                killed[0].awaitLine("listening on", CHILD_START);
                long id = Tck.uniqueId() % 1_000_000_000L;
                createOverHttp(survivor, id);
                HttpStorefront shop = new HttpStorefront(List.of("http://127.0.0.1:" + port,
                        "http://127.0.0.1:" + survivor.port()), id, survivor::buyerToken);
                SaleBackend backend = survivor.backend();
                FaultSale sale = new FaultSale(SIZE, shop, new FaultSale.Target(id, ledgerDb,
                        () -> Auditor.of(backend.ledger(), backend.gate(), Duration.ofSeconds(60)).audit(id),
                        backend.queue()));
                Outcome o = sale.run(fault(() -> killed[0].kill(), Duration.ofSeconds(1), () -> {
                    killed[0] = ChildJvm.start(SeckillApp.class, LOGS.resolve("app-2.log"), serve);
                    killed[0].awaitLine("listening on", CHILD_START);
                }));
                Row row = record("App instance SIGKILL", "two instances of the app on the same servers, buyers over"
                        + " HTTP spread on both; one (seckill-app serve, its own JVM) SIGKILLed, started again 1 s"
                        + " later on the same port; buyers whose instance did not answer retry on the other with the"
                        + " same Idempotency-Key", o);
                judge(row);
                assertThat(count(o, Kind.UNREACHABLE)).as("attempts the killed instance never answered")
                        .isPositive();
            } finally {
                killed[0].kill(); // a graceful stop would drain for up to 20 s: the sale is over and counted
            }
        }
    }

    @Test
    @Order(8)
    void networkToRedisSlowAndLossy() throws Exception {
        FlakyProxy.Link bad = new FlakyProxy.Link(40, 60, 10, 700, 20);
        try (RedisServer redis = RedisServer.builder().start();
                FlakyProxy proxy = new FlakyProxy(redis.host(), redis.port());
                SaleRig rig = rig(proxy.redisUri(), SaleRig.Tuning.defaults())) {
            Outcome o = sale(rig, fault(() -> proxy.degrade(bad), Duration.ofSeconds(5), proxy::heal));
            Row row = record("Network to Redis slow and lossy", "tc netem is not available here (no sch_netem), so"
                    + " a loopback TCP proxy between the clients and Redis, for 5 s: " + bad.latencyMillis() + " ms"
                    + " + up to " + bad.jitterMillis() + " ms per chunk, " + bad.stallPercent() + "% of chunks held "
                    + bad.stallMillis() + " ms more (a lost segment until retransmitted), " + bad.resetPermille()
                    + "‰ of chunks reset the connection (" + proxy.resets() + " resets, " + proxy.stalls()
                    + " stalls)", o);
            judge(row);
            assertThat(proxy.resets()).as("connections reset").isPositive();
            assertThat(o.admittedDegraded() + count(o, Kind.UNAVAILABLE) + count(o, Kind.OUTCOME_UNKNOWN))
                    .as("attempts that timed out or went around the slow link").isPositive();
        }
    }

    @Test
    @Order(9)
    void redisClusterMasterKilledAndItsReplicaPromoted() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerMaster(1).nodeTimeout(Duration.ofSeconds(2))
                .start()) {
            // Lettuce refreshes its view of the cluster on the errors a failover brings (its adaptive triggers, on by
            // default): the client as a shop would create it
            RedisClusterClient client = RedisClusterClient.create(cluster.masters().stream()
                    .map(n -> RedisURI.create(n.uri())).toList());
            RedisServer master = cluster.masters().get(0);
            try (SaleRig rig = SaleRig.onCluster(client, kafka.bootstrapServers(), mariaDb.endpoint(),
                    tuned(SaleRig.Tuning.defaults()))) {
                // the master stays down: its node is gone for good, as a machine that died
                Outcome o = sale(rig, fault(master::kill, Duration.ZERO, () -> FaultSale.await(() -> cluster
                        .replicas().stream().anyMatch(r -> "master".equals(role(r))), Duration.ofSeconds(60),
                        "a replica to be promoted")));
                Row row = record("Redis Cluster master SIGKILL", "a cluster of 3 masters with a replica each"
                        + " (cluster-node-timeout 2 s): SIGKILL of the first master, which stays down; its replica is"
                        + " promoted (writes it had not replicated yet are lost)", o);
                judge(row);
            }
        }
    }

    @Test
    @Order(10)
    void appOnRedisClusterMasterKilled() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerMaster(1).nodeTimeout(Duration.ofSeconds(2))
                .start()) {
            MariaDbEndpoint db = mariaDb.endpoint().createFreshDatabase("appcluster");
            String seeds = String.join(",", cluster.masters().stream().map(RedisServer::uri).toList());
            RedisServer master = cluster.masters().get(0);
            try (App app = App.on(new RemoteBackend(new RemoteBackend.Servers(seeds, true,
                            kafka.bootstrapServers(), "faults-cluster-orders", 3, db.jdbcUrl(), db.user(),
                            db.password()))).rateLimits(100, 100_000).start();
                    HikariDataSource ledgerDb = MySqlDataSources.hikari(db.jdbcUrl(), db.user(), db.password())) {
                long id = Tck.uniqueId() % 1_000_000_000L;
                createOverHttp(app, id);
                SaleBackend backend = app.backend();
                FaultSale sale = new FaultSale(SIZE, new HttpStorefront(List.of("http://127.0.0.1:" + app.port()), id,
                        app::buyerToken), new FaultSale.Target(id, ledgerDb,
                        () -> Auditor.of(backend.ledger(), backend.gate(), Duration.ofSeconds(60)).audit(id),
                        backend.queue()));
                // the master stays down: its node is gone for good, as a machine that died
                Outcome o = sale.run(fault(master::kill, Duration.ZERO, () -> FaultSale.await(() -> cluster.replicas()
                        .stream().anyMatch(r -> "master".equals(role(r))), Duration.ofSeconds(60),
                        "a replica to be promoted")));
                Row row = record("App on Redis Cluster, master SIGKILL", "seckill-app's backend on a cluster of 3"
                        + " masters with a replica each (its seeds, --redis-cluster): SIGKILL of the first master,"
                        + " which stays down; its replica is promoted", o);
                judge(row);
            }
        }
    }

    /** {@code master} or {@code slave}, from the node's INFO replication; {@code down} if it does not answer. */
    private static String role(RedisServer node) {
        RedisClient one = RedisClient.create(RedisURI.builder().withHost(node.host()).withPort(node.port())
                .withTimeout(Duration.ofSeconds(1)).build());
        try (StatefulRedisConnection<String, String> c = one.connect()) {
            String info = c.sync().info("replication");
            return info.contains("role:master") ? "master" : info.contains("role:slave") ? "slave" : "other";
        } catch (RuntimeException e) {
            return "down";
        } finally {
            one.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static void createOverHttp(App app, long id) throws Exception {
        Instant now = Instant.now();
        HttpRequest create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/activities"))
                .header("Authorization", "Bearer " + app.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": " + id + ", \"stock\": " + SIZE.stock()
                        + ", \"startsAt\": \"" + now.minusSeconds(1) + "\", \"endsAt\": \"" + now.plusSeconds(3_600)
                        + "\", \"paymentTimeoutSeconds\": " + SIZE.paymentTimeout().toSeconds()
                        + ", \"shards\": 4, \"strategy\": \"stealing\"}"))
                .build();
        HttpResponse<String> created = HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static SaleRig rig(String redisUri, SaleRig.Tuning tuning) {
        return new SaleRig(redisUri, kafka.bootstrapServers(), mariaDb.endpoint(), tuned(tuning));
    }

    /**
     * The suite's settings on top of a case's: short timeouts, degraded admission, frequent sweeps and reconciler runs
     * that queue a stranded admission again after {@link #STRANDED_AFTER} (60 s by default) so that a sale settles
     * within the suite's time.
     */
    private static SaleRig.Tuning tuned(SaleRig.Tuning tuning) {
        SaleRig.Tuning t = tuning;
        var redis = t.redis();
        var engine = t.engine();
        var reconciler = t.reconciler();
        return t.withRedis(b -> redis.apply(b.commandTimeout(COMMAND_TIMEOUT)))
                .withReconciler(b -> reconciler.apply(b.strandedAfter(STRANDED_AFTER)))
                .withEngine(b -> engine.apply(b.degradedAdmission(DegradedAdmission.builder()
                        .mode(DegradedAdmission.Mode.RANDOM_GATE).retryBackendAfter(Duration.ofMillis(500)).build())))
                .withLifecycle(b -> b.sweepEvery(Duration.ofMillis(500)))
                .every(Duration.ofMillis(500));
    }

    private static Outcome sale(SaleRig rig, Fault fault) throws Exception {
        ActivityConfig activity = rig.launch(OpenWindow.now().activity(Tck.uniqueId()).stock(SIZE.stock()).shards(4)
                .strategy(ShardStrategies.stealing()).paymentTimeout(SIZE.paymentTimeout()).build());
        long id = activity.activityId();
        FaultSale sale = new FaultSale(SIZE, new SdkStorefront(rig.sale, rig.lifecycle, id),
                new FaultSale.Target(id, rig.pool, () -> rig.audit(id), rig.queue));
        return sale.run(fault);
    }

    /** A fault from two steps that may throw. */
    private static Fault fault(Step inject, Duration hold, Step lift) {
        return new Fault() {
            @Override
            public void inject() throws Exception {
                inject.run();
            }

            @Override
            public Duration hold() {
                return hold;
            }

            @Override
            public void lift() throws Exception {
                lift.run();
            }
        };
    }

    /** A step of a fault. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static Row record(String fault, String injection, Outcome outcome) {
        Row row = new Row(fault, injection, outcome);
        REPORT.add(row);
        REPORT.write(LOGS);
        System.out.println(REPORT.markdown());
        return row;
    }

    /** The invariants every fault must leave standing. */
    private static void judge(Row row) {
        Outcome o = row.outcome();
        String where = row.fault() + ": ";
        assertThat(o.admitted()).as(where + "orders admitted").isPositive();
        assertThat(o.oversold()).as(where + "units oversold").isZero();
        assertThat(o.duplicates()).as(where + "users holding two orders").isZero();
        assertThat(o.queuedButLost()).as(where + "orders buyers were told of with no order and no failure: " + o.lost())
                .isZero();
        assertThat(o.audit().violations()).as(where + "audit\n" + o.audit().toTable()).isEmpty();
        assertThat(o.recoverySeconds()).as(where + "seconds to recover").isNotNaN();
        // thousands of buyers for a few hundred units: the last wave sold everything that was left
        assertThat(o.undersoldAfter()).as(where + "units left unsold after the last wave").isZero();
        assertThat(o.sold()).as(where + "units sold").isEqualTo(SIZE.stock());
    }

    private static long count(Outcome o, Kind kind) {
        return o.answers().getOrDefault(kind.name(), 0L);
    }
}
