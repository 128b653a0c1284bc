package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.memory.InMemoryOrderQueue;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A Redis that is down is a {@link BackendUnavailableException}, never a wrong answer; once it is back, the backend
 * works again without being rebuilt. Runs on a private server, so that stopping it disturbs no other test.
 */
class BackendUnavailableTest {

    private static final long NOW = 1_900_000_000_000L;

    /** With a client on Lettuce's default options, which would buffer commands while disconnected. */
    @Test
    void aStoppedServerFailsEveryCallAsUnavailableAndRecovers() {
        try (RedisServer server = RedisServer.builder().start()) {
            RedisClient client = RedisClient.create(TestRedis.resources(), RedisURI.create(server.uri()));
            try (SeckillRedis backend = SeckillRedis.builder(client)
                    .commandTimeout(Duration.ofSeconds(1)).build()) {
                AdmissionGate gate = backend.admissionGate();
                long activity = Tck.uniqueId();
                gate.stock().load(activity, new long[] {5});
                AdmissionDecision admitted = gate.admit(request(activity, 1, 101));
                assertThat(admitted.admitted()).isTrue();
                ActivityConfig config = OpenWindow.now().activity(Tck.uniqueId()).stock(5).build();
                FlashSale sale = FlashSale.builder(gate, InMemoryOrderQueue.builder().build()).build();
                sale.launch(config);
                InMemoryOrderQueue direct = InMemoryOrderQueue.builder().build();
                FlashSale degraded = FlashSale.builder(gate, direct)
                        .degradedAdmission(DegradedAdmission.queueDirectly(1.0, Duration.ofSeconds(1))).build();
                degraded.launch(config);

                server.stop();
                awaitUnavailable(gate, activity);
                assertThatThrownBy(() -> gate.admit(request(activity, 2, 102)))
                        .isInstanceOf(BackendUnavailableException.class);
                assertThatThrownBy(() -> gate.restore(new HeldUnits(activity, 1, admitted.orderId(), 0, 1)))
                        .isInstanceOf(BackendUnavailableException.class);
                assertThatThrownBy(() -> backend.dedupeGuard().find(activity, 1, NOW))
                        .isInstanceOf(BackendUnavailableException.class);
                assertThatThrownBy(() -> sale.attempt(config.activityId(), 1, "r1"))
                        .isInstanceOf(BackendUnavailableException.class);
                AttemptResult queued = degraded.attempt(config.activityId(), 3, "r1");
                assertThat(queued).isInstanceOfSatisfying(AttemptResult.Admitted.class,
                        a -> assertThat(a.degraded()).isTrue());
                assertThat(direct.unacknowledged()).isEqualTo(1);

                server.start(); // empty again: the harness' servers keep nothing on disk
                long reloaded = Tck.uniqueId();
                awaitAvailable(() -> gate.stock().load(reloaded, new long[] {2}));
                assertThat(gate.admit(request(reloaded, 1, 201)).admitted()).isTrue();
                assertThat(gate.stock().remaining(reloaded)).containsExactly(1);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void creatingTheBackendOnAnUnreachableServerFails() {
        try (RedisServer server = RedisServer.builder().start()) {
            RedisClient client = RedisClient.create(TestRedis.resources(), RedisURI.create(server.uri()));
            server.stop();
            try {
                assertThatThrownBy(() -> SeckillRedis.create(client)).isInstanceOf(BackendUnavailableException.class);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    /** Lettuce notices a closed connection on its own I/O thread; wait until it has. */
    private static void awaitUnavailable(AdmissionGate gate, long activity) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                gate.stock().remaining(activity);
            } catch (BackendUnavailableException e) {
                return;
            }
            assertThat(System.nanoTime()).as("still answering after the server stopped").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void awaitAvailable(Runnable call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                call.run();
                return;
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static AdmissionRequest request(long activity, long user, long orderId) {
        return new AdmissionRequest(activity, user, "r1", orderId, 1, ShardPlan.probing(0), NOW, NOW + 10_000,
                NOW + 86_400_000);
    }
}
