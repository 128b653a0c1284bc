package io.github.seckill.example.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.example.rig.ServeProcess;
import io.github.seckill.example.simulate.SimulationResult;
import io.github.seckill.example.simulate.Simulator;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisClusterEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three {@code serve} instances, each a JVM of its own, are one sale on a three-master Redis Cluster, a six-partition
 * topic whose consumer group spans the instances, and one MariaDB. Buyers are spread over the instances; one instance
 * is killed (SIGKILL) mid-sale and its buyers go on at the others. Counted in the ledger afterwards: no oversell, no
 * buyer twice, every order a buyer was answered with is in the ledger, and the dead instance's partitions belong to
 * the survivors.
 */
@Tag("scale-out")
@WithRedisCluster
@WithKafka
@WithMariaDb
class ScaleOutTest {

    private static final String SECRET = "three instances share this secret, 32+ bytes";
    private static final int BUYERS = Integer.getInteger("seckill.test.scaleOut.buyers", 4_000);
    private static final int STOCK = 200;

    @Test
    void threeInstancesSellOneSaleAndSurviveTheLossOfOne(RedisClusterEndpoint cluster, KafkaEndpoint kafka,
            MariaDbEndpoint db) throws Exception {
        MariaDbEndpoint fresh = db.createFreshDatabase("scaleout");
        String topic = "scaleout-" + Tck.uniqueId();
        List<String> args = List.of("--redis", String.join(",", cluster.uris()), "--redis-cluster", "--kafka",
                kafka.bootstrapServers(), "--topic", topic, "--partitions", "6", "--jdbc", fresh.jdbcUrl(),
                "--db-user", fresh.user(), "--db-password", fresh.password(), "--demo", "--token-secret", SECRET,
                "--user-rate", "50", "--address-rate", "1000000");
        List<ServeProcess> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(ServeProcess.start("scaleout-" + i, "320m", args));
            }
            String urls = instances.stream().map(ServeProcess::url).collect(Collectors.joining(","));
            Simulator simulator = new Simulator(urls, Simulator.Settings.defaults().withBuyers(BUYERS).withThreads(48)
                    .withProgress(null));
            String admin = simulator.adminToken();
            long id = Tck.uniqueId() % 1_000_000_000L;
            Instant opens = Instant.now().plusSeconds(4);
            simulator.createActivity(admin, id, STOCK, Duration.between(Instant.now(), opens), Duration.ofMinutes(10),
                    6, "WAITLIST_FIRST");

            int members = partitionsOfGroup(kafka, topic + ".settler", -1).size();
            assertThat(members).as("settlers of three instances").isPositive().isEqualTo(members / 3 * 3);
            pushReachesABuyerOnAnotherInstance(instances, id, opens);

            CompletableFuture<SimulationResult> sale = CompletableFuture.supplyAsync(() -> {
                try {
                    return simulator.run(id, admin);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            ServeProcess victim = instances.get(2);
            double servedByVictim = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (servedByVictim < 100 && !sale.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                servedByVictim = attemptsCounted(victim);
            }
            victim.kill();
            assertThat(victim.alive()).isFalse();
            assertThat(sale).as("killed mid-sale").isNotDone();
            assertThat(servedByVictim).as("the victim was serving buyers").isPositive();
            SimulationResult result = sale.get(5, TimeUnit.MINUTES);
            System.out.printf("scale-out: 3 instances, one killed after %.0f attempts it answered%n%s",
                    servedByVictim, result.toTable());

            assertThat(result.clean()).as(result.toTable()).isTrue();
            assertThat(result.admitted()).as("buyers outnumber stock: a sale took place").isPositive();
            try (Connection c = DriverManager.getConnection(fresh.jdbcUrl(), fresh.user(), fresh.password())) {
                long sold = single(c, "SELECT sold + locked FROM seckill_activity WHERE activity_id = ?", id);
                assertThat(sold).as("sold or awaiting payment").isLessThanOrEqualTo(STOCK);
                assertThat(single(c, "SELECT COUNT(*) FROM (SELECT user_id FROM seckill_order WHERE activity_id = ?"
                        + " GROUP BY user_id HAVING COUNT(*) > 1) twice", id)).as("buyers with two orders").isZero();
                Set<String> inLedger = orderIds(c, id);
                Set<String> lost = new HashSet<>(result.admittedOrders());
                lost.removeAll(inLedger);
                assertThat(lost).as("orders answered 202 that never reached the ledger").isEmpty();
            }
            assertThat(agreedStockView(instances.subList(0, 2), id)).as("the survivors agree on what is left and on"
                    + " the sold-out flag, and the flag is up exactly when nothing is left").isTrue();
            int survivors = members / 3 * 2;
            assertThat(partitionsOfGroup(kafka, topic + ".settler", survivors)).as("members and the partitions they"
                    + " own").satisfies(owners -> {
                        assertThat(owners).hasSize(survivors);
                        assertThat(owners.values().stream().mapToInt(Set::size).sum()).isEqualTo(6);
                    });
        } finally {
            for (ServeProcess p : instances) {
                p.close();
            }
        }
    }

    /** A buyer admitted on one instance and watching its order on another sees the update pushed there. */
    private static void pushReachesABuyerOnAnotherInstance(List<ServeProcess> instances, long id, Instant opens)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                URI.create(instances.get(0).url() + "/api/demo/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": " + (BUYERS + 1) + "}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), opens).toMillis()) + 50);
        HttpResponse<String> attempt = http.send(HttpRequest.newBuilder(URI.create(instances.get(0).url()
                + "/api/activities/" + id + "/attempts")).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", "push-probe").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(202);
        String orderId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(attempt.body()).get("orderId")
                .asText();
        HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create(instances.get(1).url()
                + "/api/orders/" + orderId + "/events")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.statusCode()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            assertThat(nextStatus(in, "PENDING_PAYMENT")).as("settled, read or pushed").isTrue();
            HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(instances.get(2).url()
                    + "/api/orders/" + orderId + "/payment")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\": \"SUCCESS\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
            assertThat(nextStatus(in, "PAID")).as("paid on the third instance, pushed to the buyer on the second")
                    .isTrue();
        }
    }

    /** Reads events until one carries {@code status}; false if the stream ends first. */
    private static boolean nextStatus(BufferedReader in, String status) throws java.io.IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data:") && line.contains("\"" + status + "\"")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the instances report the same remaining units and sold-out flag, the flag up exactly when nothing is
     * left (flags follow restocks by notification, so this may take a moment).
     */
    private static boolean agreedStockView(List<ServeProcess> instances, long id) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Set<String> views = new HashSet<>();
            boolean consistent = true;
            for (ServeProcess p : instances) {
                var a = json.readTree(http.send(HttpRequest.newBuilder(URI.create(p.url() + "/api/activities/" + id))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                long remaining = a.get("remaining").asLong();
                boolean soldOut = a.get("soldOut").asBoolean();
                views.add(remaining + "/" + soldOut);
                consistent &= soldOut == (remaining == 0);
            }
            if ((views.size() == 1 && consistent) || System.nanoTime() > deadline) {
                System.out.println("stock views of the survivors: " + views);
                return views.size() == 1 && consistent;
            }
            Thread.sleep(200);
        }
    }

    /** The attempts an instance's {@code /metrics} counts, summed over outcomes. */
    private static double attemptsCounted(ServeProcess instance) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(instance.url()
                + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("seckill_attempts_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long single(Connection c, String sql, long id) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static Set<String> orderIds(Connection c, long id) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String table : List.of("seckill_order", "seckill_order_rejection")) {
            try (PreparedStatement s = c.prepareStatement("SELECT order_id FROM " + table + " WHERE activity_id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(Long.toString(r.getLong(1)));
                    }
                }
            }
        }
        return ids;
    }

    /**
     * The group's members once all six partitions are owned (by {@code expectedMembers}, unless it is negative), each
     * with the partitions it owns; what it is after 90 s otherwise.
     */
    private static Map<String, Set<TopicPartition>> partitionsOfGroup(KafkaEndpoint kafka, String group,
            int expectedMembers) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                Map<String, Set<TopicPartition>> owners = d.members().stream().collect(Collectors.toMap(
                        MemberDescription::consumerId, m -> m.assignment().topicPartitions()));
                int owned = owners.values().stream().mapToInt(Set::size).sum();
                boolean members = expectedMembers < 0 || owners.size() == expectedMembers;
                if ((members && owned == 6) || System.nanoTime() > deadline) {
                    return owners;
                }
                Thread.sleep(500);
            }
        }
    }
}
