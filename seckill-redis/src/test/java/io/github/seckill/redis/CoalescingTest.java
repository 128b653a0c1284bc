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

    private static final Duration PATIENT = Duration.ofSeconds(30);

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

    /**
     * The batch size follows the load: while the server is paused, the first {@code callsInFlight} attempts go out
     * alone, every {@code maxBatchSize} that gather after them leave at once as a full batch (several batches in
     * flight), and the remainder leaves as one batch when enough calls have returned.
     */
    @ParameterizedTest(name = "{0} calls in flight, batches of {1}, {2} attempts")
    @CsvSource({"2, 256, 602, 5", "2, 128, 602, 7", "4, 256, 260, 5", "1, 256, 257, 2"})
    void batchesGrowWithTheTrafficOfARoundTrip(int callsInFlight, int maxBatch, int attempts, long expectedCalls)
            throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(maxBatch, Duration.ofHours(1), callsInFlight))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {10_000});
            long before = evalshaCalls();
            stats.sync().clientPause(3_000);
            List<CompletableFuture<AdmissionDecision>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                answers.add(gate.admitAsync(request(activity, 1 + i, 1 + i, ShardPlan.probing(0))).toCompletableFuture());
            }
            for (CompletableFuture<AdmissionDecision> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS).admitted()).isTrue();
            }
            assertThat(evalshaCalls() - before).isEqualTo(expectedCalls);
            assertThat(gate.stock().remaining(activity)).containsExactly(10_000 - attempts);
        }
    }

    /** At one attempt in flight nothing waits for company: every attempt is its own call, at once. */
    @Test
    void oneAttemptInFlightLeavesAtOnceEveryTime() throws Exception {
        try (SeckillRedis backend = open(Coalescing.batches(256, Duration.ofHours(1), 4))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {100});
            long before = evalshaCalls();
            for (int i = 0; i < 50; i++) {
                AdmissionDecision d = gate.admitAsync(request(activity, 1 + i, 1 + i, ShardPlan.probing(0)))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(d.admitted()).isTrue();
                assertThat(d.orderId()).isEqualTo(1 + i);
            }
            assertThat(evalshaCalls() - before).isEqualTo(50);
            assertThat(gate.stock().remaining(activity)).containsExactly(50);
        }
    }

    /**
     * One script call of 256 attempts decides each exactly as it would be decided alone, in order: retries of
     * requests admitted before (the original order), other requests of those buyers (duplicates), new buyers, a
     * retry of a new buyer's request inside the same batch (the order admitted a moment earlier in the batch),
     * another request of a new buyer inside the batch (a duplicate), and the buyers after the stock ran out.
     */
    @Test
    void aBatchOf256MixingDuplicatesRetriesAndSellOutDecidesEachAttemptInOrder() throws Exception {
        String prefix = "mix" + Tck.uniqueId();
        try (SeckillRedis backend = SeckillRedis.builder(client).keyPrefix(prefix)
                .coalescing(Coalescing.batches(256, Duration.ofHours(1), 1)).commandTimeout(PATIENT).build()) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {111});
            for (int u = 1; u <= 10; u++) {
                assertThat(gate.admit(request(activity, u, "first", 100 + u)).admitted()).isTrue();
            }
            long before = evalshaCalls();
            stats.sync().clientPause(3_000);
            CompletableFuture<AdmissionDecision> opener =
                    gate.admitAsync(request(activity, 999, "first", 999)).toCompletableFuture();
            List<CompletableFuture<AdmissionDecision>> batch = new ArrayList<>();
            for (int u = 1; u <= 10; u++) {
                batch.add(gate.admitAsync(request(activity, u, "first", 5_000 + u)).toCompletableFuture());
            }
            for (int u = 1; u <= 10; u++) {
                batch.add(gate.admitAsync(request(activity, u, "other", 6_000 + u)).toCompletableFuture());
            }
            int newBuyers = 118;
            for (int k = 0; k < newBuyers; k++) {
                batch.add(gate.admitAsync(request(activity, 2_000 + k, "a", 10_000 + k)).toCompletableFuture());
            }
            for (int k = 0; k < newBuyers; k++) {
                String requestId = k % 2 == 0 ? "a" : "b";
                batch.add(gate.admitAsync(request(activity, 2_000 + k, requestId, 20_000 + k)).toCompletableFuture());
            }
            assertThat(batch).hasSize(256);

            assertThat(opener.get(30, TimeUnit.SECONDS).admitted()).isTrue();
            for (int u = 1; u <= 10; u++) {
                AdmissionDecision retry = batch.get(u - 1).get(30, TimeUnit.SECONDS);
                assertThat(retry.admitted()).isTrue();
                assertThat(retry.replayed()).isTrue();
                assertThat(retry.orderId()).isEqualTo(100 + u);
                AdmissionDecision other = batch.get(10 + u - 1).get(30, TimeUnit.SECONDS);
                assertThat(other.outcome()).isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
                assertThat(other.orderId()).isEqualTo(100 + u);
            }
            // 111 units: 10 taken before, 1 by the opener, so the first 100 new buyers get one.
            for (int k = 0; k < newBuyers; k++) {
                AdmissionDecision first = batch.get(20 + k).get(30, TimeUnit.SECONDS);
                AdmissionDecision second = batch.get(20 + newBuyers + k).get(30, TimeUnit.SECONDS);
                if (k < 100) {
                    assertThat(first.admitted()).as("new buyer %d", k).isTrue();
                    assertThat(first.replayed()).isFalse();
                    assertThat(first.orderId()).isEqualTo(10_000 + k);
                    if (k % 2 == 0) {
                        assertThat(second.admitted()).isTrue();
                        assertThat(second.replayed()).as("retry of buyer %d in the same batch", k).isTrue();
                        assertThat(second.orderId()).isEqualTo(10_000 + k);
                    } else {
                        assertThat(second.outcome()).as("other request of buyer %d", k)
                                .isEqualTo(AdmissionDecision.Outcome.DUPLICATE);
                        assertThat(second.orderId()).isEqualTo(10_000 + k);
                    }
                } else {
                    assertThat(first.outcome()).as("new buyer %d", k).isEqualTo(AdmissionDecision.Outcome.SOLD_OUT);
                    assertThat(second.outcome()).isEqualTo(AdmissionDecision.Outcome.SOLD_OUT);
                }
            }
            assertThat(evalshaCalls() - before).as("the opener's call and the batch's").isEqualTo(2);
            assertThat(gate.stock().remaining(activity)).containsExactly(0);
            var raw = stats.sync();
            assertThat(raw.hlen(prefix + ":" + activity + ":orders:{" + activity + "#0}")).isEqualTo(111);
            assertThat(raw.keys(prefix + ":" + activity + ":user:*")).hasSize(111);
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
        // Longer than any pause of the server in these tests: a paused call is late, not lost.
        return SeckillRedis.builder(client).coalescing(coalescing).commandTimeout(PATIENT).build();
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

    private static AdmissionRequest request(long activity, long user, String requestId, long orderId) {
        return new AdmissionRequest(activity, user, requestId, orderId, 1, ShardPlan.probing(0), NOW, NOW + 10_000,
                NOW + 86_400_000);
    }
}
