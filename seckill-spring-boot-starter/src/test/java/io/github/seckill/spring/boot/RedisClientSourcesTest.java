package io.github.seckill.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.AttemptResult;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithRedis;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Where the Redis backend's Lettuce client comes from, on real Redis; who shuts it down. */
@WithRedis
class RedisClientSourcesTest {

    private static final AtomicLong ACTIVITIES = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1_000);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
            .withConfiguration(SeckillAutoConfigurationTest.SECKILL)
            .withUserConfiguration(AllButTheGate.class)
            .withPropertyValues("seckill.redis.key-prefix=boot-sources-" + System.nanoTime());

    /** The in-memory queue, ledger and leases: admission is the only backend on Redis here. */
    @Configuration(proxyBeanMethods = false)
    static class AllButTheGate {
        private final InMemorySeckill memory = InMemorySeckill.create();

        @Bean
        OrderQueue queue() {
            return memory.orderQueue();
        }

        @Bean
        StockLedger ledger() {
            return memory.stockLedger();
        }

        @Bean
        LeaseStore leases() {
            return new InMemoryLeaseStore();
        }
    }

    private static void admitsOnRedis(AssertableApplicationContext context) {
        long id = ACTIVITIES.incrementAndGet();
        context.getBean(SeckillActivities.class).open(OpenWindow.now().activity(id).stock(1).build());
        FlashSale sale = context.getBean(FlashSale.class);
        assertThat(sale.attempt(id, 1, "r1").isAdmitted()).isTrue();
        assertThat(sale.attempt(id, 2, "r2").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
        assertThat(context.getBean(SeckillRedis.class).stockStore().remaining(id)).containsOnly(0L);
    }

    @Test
    void runsOnTheClientOfBootsConnectionFactory(RedisEndpoint redis) {
        runner.withPropertyValues("spring.data.redis.url=" + redis.uri()).run(context -> {
            assertThat(context).hasNotFailed();
            SeckillRedisClient client = context.getBean(SeckillRedisClient.class);
            assertThat(client.source()).isEqualTo("Boot's LettuceConnectionFactory");
            assertThat(client.client()).isSameAs(context.getBean(LettuceConnectionFactory.class).getNativeClient());
            admitsOnRedis(context);
        });
    }

    @Test
    void seckillsOwnUrlWinsOverBootsAndItsClientIsShutDownOnClose(RedisEndpoint redis) {
        AbstractRedisClient[] opened = new AbstractRedisClient[1];
        runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + FreePort.closed(),
                "seckill.redis.url=" + redis.uri()).run(context -> {
                    assertThat(context).hasNotFailed();
                    SeckillRedisClient client = context.getBean(SeckillRedisClient.class);
                    assertThat(client.source()).isEqualTo("seckill.redis.url");
                    assertThat(client.client())
                            .isNotSameAs(context.getBean(LettuceConnectionFactory.class).getNativeClient());
                    admitsOnRedis(context);
                    opened[0] = client.client();
                });
        assertThatThrownBy(() -> ((RedisClient) opened[0]).connect()).as("shut down with the context")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void theApplicationsOwnClientIsUsedWithoutSpringDataRedisAndStaysOpen(RedisEndpoint redis) {
        RedisClient mine = RedisClient.create(redis.uri());
        try {
            runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                    // as @Bean(destroyMethod = "") would: Spring itself closes an AutoCloseable bean otherwise
                    .withBean(RedisClient.class, () -> mine,
                            definition -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""))
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(LettuceConnectionFactory.class);
                        assertThat(context.getBean(SeckillRedisClient.class).client()).isSameAs(mine);
                        admitsOnRedis(context);
                    });
            try (StatefulRedisConnection<String, String> connection = mine.connect()) {
                assertThat(connection.sync().ping()).as("the starter leaves the client open").isEqualTo("PONG");
            }
        } finally {
            mine.shutdown();
        }
    }
}
