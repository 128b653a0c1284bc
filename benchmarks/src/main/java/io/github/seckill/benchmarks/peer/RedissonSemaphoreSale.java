package io.github.seckill.benchmarks.peer;

import io.github.seckill.benchmarks.SaleUnderTest;
import java.util.concurrent.CompletionStage;
import org.redisson.Redisson;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Stock as a Redisson {@link RSemaphore}: a buyer gets a unit when {@code tryAcquire} takes a permit. This is what a
 * Java user would reach for instead of seckill's admission. It does less per buyer (no per-user dedupe, no shards), so
 * it is the bar seckill must clear, not a like-for-like design.
 */
public final class RedissonSemaphoreSale implements SaleUnderTest {

    private final RedissonClient redisson;
    private final RSemaphore stock;

    /**
     * @param redisUri the Redis server, e.g. {@code redis://127.0.0.1:6379}
     * @param name the semaphore's key
     * @param units permits to put in the semaphore
     */
    public RedissonSemaphoreSale(String redisUri, String name, int units) {
        Config config = new Config();
        config.useSingleServer().setAddress(redisUri);
        this.redisson = Redisson.create(config);
        this.stock = redisson.getSemaphore(name);
        stock.delete();
        if (!stock.trySetPermits(units)) {
            throw new IllegalStateException("semaphore " + name + " already has permits");
        }
    }

    @Override
    public CompletionStage<Boolean> buy(long userId) {
        return stock.tryAcquireAsync();
    }

    @Override
    public boolean buyNow(long userId) {
        return stock.tryAcquire();
    }

    /** @return permits left */
    public int remaining() {
        return stock.availablePermits();
    }

    @Override
    public void close() {
        stock.delete();
        redisson.shutdown();
    }
}
