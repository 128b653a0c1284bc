package io.github.seckill.tck.memory;

import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.StockShardStrategy;
import io.github.seckill.tck.StockShardStrategyContractTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The strategy TCK of every built-in strategy, end to end on the in-memory backend. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"polling", "bitmap", "stealing"})
class BuiltInStrategyContractTest extends StockShardStrategyContractTest {

    @Parameter
    String strategy;

    @Override
    protected StockShardStrategy createStrategy() {
        return ShardStrategies.byName(strategy);
    }
}
