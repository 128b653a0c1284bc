package io.github.seckill.redis;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.tck.StockShardStrategyContractTest;
import io.github.seckill.testservers.junit.WithRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The strategy TCK of every built-in strategy, end to end on a three-master Redis Cluster (claim, take, confirm). */
@WithRedisCluster
class ClusterStrategyTest {

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    private abstract class OnRedis extends StockShardStrategyContractTest {
        @Override
        protected AdmissionGate createGate() {
            return redis.cluster().admissionGate();
        }
    }

    @Nested
    class Polling extends OnRedis {
        @Override
        protected StockShardStrategy createStrategy() {
            return ShardStrategies.polling();
        }
    }

    @Nested
    class BitmapRouting extends OnRedis {
        @Override
        protected StockShardStrategy createStrategy() {
            return ShardStrategies.bitmapRouting();
        }
    }

    @Nested
    class Stealing extends OnRedis {
        @Override
        protected StockShardStrategy createStrategy() {
            return ShardStrategies.stealing();
        }
    }
}
