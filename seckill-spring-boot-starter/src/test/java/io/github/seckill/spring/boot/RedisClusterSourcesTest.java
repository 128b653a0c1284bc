package io.github.seckill.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.testservers.RedisClusterEndpoint;
import io.github.seckill.testservers.junit.WithRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Admission on a real Redis Cluster: from seckill.redis.cluster-nodes, or the application's cluster client. */
@WithRedisCluster
class RedisClusterSourcesTest {

    private static final AtomicLong ACTIVITIES = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1_000);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(SeckillAutoConfigurationTest.SECKILL)
            .withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
            .withUserConfiguration(RedisClientSourcesTest.AllButTheGate.class)
            .withPropertyValues("seckill.redis.key-prefix=boot-cluster-" + System.nanoTime());

    private static void admitsOnTheCluster(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(SeckillRedis.class).isCluster()).isTrue();
        long id = ACTIVITIES.incrementAndGet();
        context.getBean(SeckillActivities.class).open(OpenWindow.now().activity(id).stock(2).shards(3).build());
        FlashSale sale = context.getBean(FlashSale.class);
        assertThat(sale.attempt(id, 1, "r1").isAdmitted()).isTrue();
        assertThat(sale.attempt(id, 1, "again").outcome()).isEqualTo(AttemptResult.Outcome.DUPLICATE);
        assertThat(sale.attempt(id, 2, "r2").isAdmitted()).isTrue();
        assertThat(sale.attempt(id, 3, "r3").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
    }

    @Test
    void opensAClusterClientFromTheSeedsOfItsProperty(RedisClusterEndpoint cluster) {
        runner.withPropertyValues("seckill.redis.cluster-nodes=" + String.join(",", cluster.uris()))
                .run(context -> {
                    admitsOnTheCluster(context);
                    assertThat(context.getBean(SeckillRedisClient.class).source())
                            .isEqualTo("seckill.redis.cluster-nodes");
                });
    }

    @Test
    void runsOnTheApplicationsClusterClient(RedisClusterEndpoint cluster) {
        RedisClusterClient mine = RedisClusterClient.create(RedisURI.create(cluster.seedUri()));
        try {
            runner.withBean(RedisClusterClient.class, () -> mine,
                    definition -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""))
                    .run(context -> {
                        admitsOnTheCluster(context);
                        assertThat(context.getBean(SeckillRedisClient.class).client()).isSameAs(mine);
                    });
        } finally {
            mine.shutdown();
        }
    }
}
