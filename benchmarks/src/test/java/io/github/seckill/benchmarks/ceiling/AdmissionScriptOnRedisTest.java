package io.github.seckill.benchmarks.ceiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.testservers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The ceilings' script calls do what an admission does: run on a real Redis as redis-benchmark sends them (each
 * {@code __rand_int__} a number of its own), every buyer of a call is admitted and takes a unit, as the gate's calls
 * do. A call that only finds its buyers sold out would measure the cheap path and make a ceiling several times too
 * high.
 */
class AdmissionScriptOnRedisTest {

    private static final long ADMITTED = 1;

    @Test
    void everyBuyerOfACeilingCallIsAdmittedAndTakesAUnit() {
        long now = System.currentTimeMillis();
        try (RedisServer server = RedisServer.builder().start()) {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                AtomicLong random = new AtomicLong(1_000);
                for (AdmissionScript script : List.of(AdmissionScript.seckillOneBuyer(now),
                        AdmissionScript.seckillBatch(32, now), AdmissionScript.seckillBatch(128, now))) {
                    redis.flushall();
                    script.setup().forEach(redis::set);
                    String sha = redis.scriptLoad(script.lua());
                    for (int call = 0; call < 3; call++) {
                        List<String> arguments = script.arguments().stream()
                                .map(a -> a.replace("__rand_int__", Long.toString(random.incrementAndGet())))
                                .toList();
                        int keyCount = Integer.parseInt(arguments.get(0));
                        String[] keys = arguments.subList(1, 1 + keyCount).toArray(String[]::new);
                        String[] values = arguments.subList(1 + keyCount, arguments.size()).toArray(String[]::new);
                        List<Object> reply = redis.evalsha(sha, ScriptOutputType.MULTI, keys, values);
                        assertThat(reply).as("%s: eight values per buyer", script.name())
                                .hasSize(8 * script.buyersPerCall());
                        for (int b = 0; b < script.buyersPerCall(); b++) {
                            assertThat(reply.get(8 * b)).as("%s, call %d, buyer %d", script.name(), call, b)
                                    .isEqualTo(ADMITTED);
                        }
                    }
                    Map.Entry<String, String> stock = script.setup().entrySet().iterator().next();
                    assertThat(Long.parseLong(redis.get(stock.getKey())))
                            .as("%s: units taken", script.name())
                            .isEqualTo(Long.parseLong(stock.getValue()) - 3L * script.buyersPerCall());
                }
            } finally {
                client.shutdown();
            }
        }
    }
}
