package io.github.seckill.shard;

/** The built-in {@link StockShardStrategy}s. */
public final class ShardStrategies {

    private static final StockShardStrategy POLLING = new PollingStrategy(3);
    private static final StockShardStrategy BITMAP = new BitmapRoutingStrategy();
    private static final StockShardStrategy STEALING = new StealingStrategy();

    private ShardStrategies() {
    }

    /**
     * Random start shard, then the next ones, at most three probes. Cheapest; may leave a little stock for later
     * buyers to find.
     *
     * @return the polling strategy
     */
    public static StockShardStrategy polling() {
        return POLLING;
    }

    /**
     * @param maxProbes the most shards one attempt probes, at least one
     * @return a polling strategy with another probe limit
     */
    public static StockShardStrategy polling(int maxProbes) {
        return new PollingStrategy(maxProbes);
    }

    /**
     * Routes only to shards this JVM believes still hold stock.
     *
     * @return the bitmap routing strategy
     */
    public static StockShardStrategy bitmapRouting() {
        return BITMAP;
    }

    /**
     * Random shard; when it is empty, steal half of a donor's stock into it and retry.
     *
     * @return the stealing strategy
     */
    public static StockShardStrategy stealing() {
        return STEALING;
    }

    /**
     * @param name {@code polling}, {@code bitmap} or {@code stealing}
     * @return the built-in strategy of that name
     * @throws IllegalArgumentException for any other name
     */
    public static StockShardStrategy byName(String name) {
        return switch (name) {
            case "polling" -> POLLING;
            case "bitmap" -> BITMAP;
            case "stealing" -> STEALING;
            default -> throw new IllegalArgumentException(
                    "unknown strategy '" + name + "', expected polling, bitmap or stealing");
        };
    }
}
