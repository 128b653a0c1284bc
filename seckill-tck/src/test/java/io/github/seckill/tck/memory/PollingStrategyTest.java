package io.github.seckill.tck.memory;

import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.tck.StockShardStrategyContractTest;

class PollingStrategyTest extends StockShardStrategyContractTest {
    @Override
    protected StockShardStrategy createStrategy() {
        return ShardStrategies.polling();
    }
}
