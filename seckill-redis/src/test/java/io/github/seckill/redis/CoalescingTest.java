package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.Shards;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batching of the standalone gate, counted by the server itself (INFO commandstats: EVALSHA calls) on a private
 * Redis that nothing else talks to.
 */
class CoalescingTest {

    private static final long NOW = 1_900_000_000_000L;
    private static final Pattern EVALSHA_CALLS = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

    private static RedisServer server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> stats;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().start();
        client = RedisClient.create(TestRedis.resources(), RedisURI.create(server.uri()));
        stats = client.connect();
    }

    @AfterAll
    static void stopServer() {
        stats.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        server.close();
    }

    @Test
    void concurrentAttemptsShareScriptCallsAndDecideExactly() throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(32, Duration.ofMillis(50)))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, Shards.split(300, 4));
            long before = evalshaCalls();
            Map<AdmissionDecision.Outcome, Integer> outcomes = admitAll(gate, activity, 2_000, 4);
            long calls = evalshaCalls() - before;

            assertThat(outcomes).containsEntry(AdmissionDecision.Outcome.ADMITTED, 300)
                    .containsEntry(AdmissionDecision.Outcome.SOLD_OUT, 1_700);
            assertThat(gate.stock().remaining(activity)).containsOnly(0L);
            // Batched, though how much depends on how fast one thread submits against a round trip.
            assertThat(calls).as("script calls for 2,000 attempts").isBetween(2_000L / 32, 2_000L / 2);
        }
    }

    @Test
    void batchesNeverExceedTheirBound() throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(4, Duration.ofMillis(50)))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {1_000});
            long before = evalshaCalls();
            assertThat(admitAll(gate, activity, 400, 1)).containsEntry(AdmissionDecision.Outcome.ADMITTED, 400);
            assertThat(evalshaCalls() - before).isGreaterThanOrEqualTo(400 / 4);
            assertThat(gate.stock().remaining(activity)).containsExactly(600);
        }
    }

    @Test
    void withoutCoalescingEveryAttemptIsOneCall() throws Exception {
        try (SeckillRedis backend = open(Coalescing.disabled())) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {50});
            long before = evalshaCalls();
            assertThat(admitAll(gate, activity, 200, 1)).containsEntry(AdmissionDecision.Outcome.ADMITTED, 50);
            assertThat(evalshaCalls() - before).isEqualTo(200);
        }
    }

    /** A lone attempt leaves at once: with an hour's maximum wait, it still completes. */
    @Test
    void aLoneAttemptDoesNotWaitForABatch() throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(1_000, Duration.ofHours(1)))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {5});
            AdmissionDecision first = gate.admitAsync(request(activity, 1, 1, ShardPlan.probing(0)))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(first.admitted()).isTrue();
            assertThat(gate.admit(request(activity, 2, 2, ShardPlan.probing(0))).admitted()).isTrue();
            assertThat(gate.stock().remaining(activity)).containsExactly(3);
        }
    }

    /**
     * While the server is paused, calls stay in flight: attempts go out one per call until {@code callsInFlight} calls
     * are in flight, and the rest gather into one batch that leaves when a call returns.
     */
    @ParameterizedTest(name = "{0} calls in flight")
    @CsvSource({"1, 2", "3, 4", "8, 5"})
    void lightTrafficIsPipelinedAndOnlyTheOverflowIsBatched(int callsInFlight, long expectedCalls) throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(32, Duration.ofHours(1), callsInFlight))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {100});
            long before = evalshaCalls();
            stats.sync().clientPause(1_000);
            List<CompletableFuture<AdmissionDecision>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(gate.admitAsync(request(activity, 1 + i, 1 + i, ShardPlan.probing(0))).toCompletableFuture());
            }
            for (CompletableFuture<AdmissionDecision> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS).admitted()).isTrue();
            }
            assertThat(evalshaCalls() - before).isEqualTo(expectedCalls);
            assertThat(gate.stock().remaining(activity)).containsExactly(95);
        }
    }

    @Test
    void attemptsOfSeveralActivitiesAreBatchedApart() throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(16, Duration.ofMillis(50)))) {
            AdmissionGate gate = backend.admissionGate();
            long[] activities = {Tck.uniqueId(), Tck.uniqueId(), Tck.uniqueId()};
            for (int a = 0; a < activities.length; a++) {
                gate.stock().load(activities[a], new long[] {10L * (a + 1), 10L * (a + 1)});
            }
            List<CompletableFuture<AdmissionDecision>> answers = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                answers.add(gate.admitAsync(request(activities[i % 3], 1 + i / 3, 1_000 + i, ShardPlan.probing(0, 1)))
                        .toCompletableFuture());
            }
            long[] admitted = new long[3];
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).get(30, TimeUnit.SECONDS).admitted()) {
                    admitted[i % 3]++;
                }
            }
            assertThat(admitted).containsExactly(20, 40, 60);
            for (long activity : activities) {
                assertThat(gate.stock().remaining(activity)).containsOnly(0L);
            }
        }
    }

    private static SeckillRedis open(Coalescing coalescing) {
        return SeckillRedis.builder(client).coalescing(coalescing).build();
    }

    /** Sends {@code attempts} attempts of distinct users at once, then waits for every answer. */
    private static Map<AdmissionDecision.Outcome, Integer> admitAll(
            AdmissionGate gate, long activity, int attempts, int shards) throws Exception {
        int[] all = new int[shards];
        for (int i = 0; i < shards; i++) {
            all[i] = i;
        }
        List<CompletableFuture<AdmissionDecision>> answers = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            answers.add(gate.admitAsync(request(activity, 1 + i, 1 + i, ShardPlan.probing(all)))
                    .toCompletableFuture());
        }
        Map<AdmissionDecision.Outcome, Integer> outcomes = new HashMap<>();
        for (CompletableFuture<AdmissionDecision> a : answers) {
            outcomes.merge(a.get(30, TimeUnit.SECONDS).outcome(), 1, Integer::sum);
        }
        return outcomes;
    }

    private static long evalshaCalls() {
        Matcher m = EVALSHA_CALLS.matcher(stats.sync().info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static AdmissionRequest request(long activity, long user, long orderId, ShardPlan plan) {
        return new AdmissionRequest(activity, user, "r1", orderId, 1, plan, NOW, NOW + 10_000, NOW + 86_400_000);
    }
}
