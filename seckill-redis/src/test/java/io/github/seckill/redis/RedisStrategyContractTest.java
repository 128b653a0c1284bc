package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.tck.StockShardStrategyContractTest;
import io.github.seckill.testservers.junit.WithRedis;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strategy TCK of every built-in strategy, end to end on standalone Redis and on a three-master cluster. */
@ParameterizedClass(name = "{0}, {1}")
@MethodSource("topologiesAndStrategies")
@WithRedis
@WithRedisCluster
class RedisStrategyContractTest extends StockShardStrategyContractTest {

    @Parameter(0)
    Topology topology;

    @Parameter(1)
    String strategy;

    private final TestRedis redis = new TestRedis();

    static Stream<Arguments> topologiesAndStrategies() {
        return Stream.of(Topology.STANDALONE_COALESCED, Topology.CLUSTER)
                .flatMap(t -> Stream.of("polling", "bitmap", "stealing").map(s -> Arguments.of(t, s)));
    }

    @Override
    protected StockShardStrategy createStrategy() {
        return ShardStrategies.byName(strategy);
    }

    @Override
    protected AdmissionGate createGate() {
        return topology.open(redis).admissionGate();
    }

    @AfterEach
    void closeBackends() {
        redis.close();
    }
}
