package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which thread answers an admission. An asynchronous caller's stages run on the callback executor, never on a Lettuce
 * I/O thread (they may block on Redis). A synchronous caller only waits for its answer, so the I/O thread completes it
 * directly: no hand-off to another thread, which at one attempt in flight is a good part of the time a buyer waits.
 */
class AnswerDeliveryTest {

    private static final long NOW = 1_900_000_000_000L;

    private static RedisServer server;
    private static RedisClient client;
    private static ExecutorService pool;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().start();
        client = RedisClient.create(TestRedis.resources(), RedisURI.create(server.uri()));
        pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-callback"));
    }

    @AfterAll
    static void stopServer() {
        pool.shutdownNow();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        server.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSynchronousAdmissionIsAnsweredWithoutAHandOff(boolean coalescing) {
        AtomicInteger handedOff = new AtomicInteger();
        try (SeckillRedis backend = open(coalescing, counting(handedOff))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {30});
            int admitted = 0;
            for (int user = 1; user <= 50; user++) {
                if (gate.admit(request(activity, user)).admitted()) {
                    admitted++;
                }
            }
            assertThat(admitted).isEqualTo(30);
            assertThat(gate.stock().remaining(activity)).containsExactly(0L);
            assertThat(handedOff).as("answers handed to the callback executor").hasValue(0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anAsynchronousAdmissionsStagesRunOnTheCallbackExecutor(boolean coalescing) throws Exception {
        AtomicInteger handedOff = new AtomicInteger();
        try (SeckillRedis backend = open(coalescing, counting(handedOff))) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {30});
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<AdmissionDecision>> answers = new ArrayList<>();
            for (int user = 1; user <= 50; user++) {
                answers.add(gate.admitAsync(request(activity, user)).toCompletableFuture().thenApply(d -> {
                    threads.add(Thread.currentThread().getName());
                    return d;
                }));
            }
            int admitted = 0;
            for (CompletableFuture<AdmissionDecision> a : answers) {
                if (a.get(30, TimeUnit.SECONDS).admitted()) {
                    admitted++;
                }
            }
            assertThat(admitted).isEqualTo(30);
            // A stage added after its answer arrived runs on the adding thread, here the test's own.
            assertThat(threads).isNotEmpty().allMatch(t -> t.equals("test-callback") || t.equals(
                    Thread.currentThread().getName()), "the callback executor's or the test's thread");
            assertThat(handedOff.get()).as("answers handed to the callback executor").isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void concurrentSynchronousAndAsynchronousAttemptsAreEachAnsweredTheirWay(boolean coalescing) throws Exception {
        try (SeckillRedis backend = open(coalescing, pool)) {
            AdmissionGate gate = backend.admissionGate();
            long activity = Tck.uniqueId();
            gate.stock().load(activity, new long[] {500});
            Set<String> asyncThreads = ConcurrentHashMap.newKeySet();
            AtomicInteger admitted = new AtomicInteger();
            Tck.runConcurrently(8, 2_000, i -> {
                long user = i + 1;
                AdmissionDecision d;
                if (user % 2 == 0) {
                    d = gate.admit(request(activity, user));
                } else {
                    d = gate.admitAsync(request(activity, user)).toCompletableFuture().thenApply(x -> {
                        asyncThreads.add(Thread.currentThread().getName());
                        return x;
                    }).orTimeout(30, TimeUnit.SECONDS).join();
                }
                if (d.admitted()) {
                    admitted.incrementAndGet();
                }
            });
            assertThat(admitted).hasValue(500);
            assertThat(gate.stock().remaining(activity)).containsExactly(0L);
            assertThat(asyncThreads).noneMatch(t -> t.startsWith("lettuce-"));
        }
    }

    /** The test's callback threads, counting the tasks handed to them. */
    private static Executor counting(AtomicInteger handedOff) {
        return task -> {
            handedOff.incrementAndGet();
            pool.execute(task);
        };
    }

    private static SeckillRedis open(boolean coalescing, Executor callbacks) {
        return SeckillRedis.builder(client).coalescing(coalescing ? Coalescing.defaults() : Coalescing.disabled())
                .callbackExecutor(callbacks).commandTimeout(Duration.ofSeconds(30)).build();
    }

    private static AdmissionRequest request(long activity, long user) {
        return new AdmissionRequest(activity, user, "r1", user, 1, ShardPlan.probing(0), NOW, NOW + 10_000,
                NOW + 86_400_000);
    }
}
