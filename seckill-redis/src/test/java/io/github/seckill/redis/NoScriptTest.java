package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.admission.Claim;
import io.github.seckill.admission.ClaimRequest;
import io.github.seckill.admission.HeldUnits;
import io.github.seckill.admission.TakeRequest;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** After SCRIPT FLUSH on every node, each operation still works: a NOSCRIPT reloads the script and runs it once. */
@WithRedis
@WithRedisCluster
class NoScriptTest {

    private static final long NOW = 1_900_000_000_000L;

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void everyOperationSurvivesAFlushedScriptCache(Topology topology) {
        SeckillRedis backend = topology.open(redis);
        RawRedis raw = RawRedis.of(backend);
        AdmissionGate gate = backend.admissionGate();
        long activity = Tck.uniqueId();

        flush(raw);
        assertThat(gate.stock().load(activity, new long[] {3, 3})).isTrue();
        flush(raw);
        AdmissionDecision d = gate.admit(request(activity, 1, "r1", 100));
        assertThat(d.admitted()).isTrue();
        flush(raw);
        assertThat(gate.admit(request(activity, 1, "r1", 101)).replayed()).isTrue();
        flush(raw);
        assertThat(gate.restore(new HeldUnits(activity, 1, d.orderId(), d.shard(), 1))).isTrue();
        flush(raw);
        assertThat(backend.dedupeGuard().claim(new ClaimRequest(activity, 2, "r1", 200, NOW, NOW + 1_000)).kind())
                .isEqualTo(Claim.Kind.NEW);
        flush(raw);
        assertThat(backend.stockStore().take(new TakeRequest(activity, 200, 200, 1, ShardPlan.stealInto(0, 1), System.currentTimeMillis())).taken()).isTrue();
        flush(raw);
        backend.stockStore().addStock(activity, 1, 2, java.util.UUID.randomUUID().toString());
        assertThat(gate.stock().remaining(activity)).containsExactly(2, 5);

        String sha = raw.sync().digest(script());
        List<Boolean> loaded = new ArrayList<>();
        raw.onEveryNode(node -> loaded.addAll(node.scriptExists(sha)));
        assertThat(loaded).as("reloaded after the last flush").contains(true);
    }

    private static String script() {
        try (InputStream in = SeckillRedis.class.getResourceAsStream("seckill.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(RawRedis raw) {
        raw.onEveryNode(node -> assertThat(node.scriptFlush()).isEqualTo("OK"));
    }

    private static AdmissionRequest request(long activity, long user, String requestId, long orderId) {
        return new AdmissionRequest(activity, user, requestId, orderId, 1, ShardPlan.probing(0, 1), NOW,
                NOW + 10_000, NOW + 86_400_000);
    }
}
