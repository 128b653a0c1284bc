package io.github.seckill.spring.boot;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.status.OrderStatusFeed;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Admission, the waitlist and the order updates feed on Redis, through {@link SeckillRedis}. The Lettuce client is,
 * in this order: one the starter opens from {@code seckill.redis.url} or {@code seckill.redis.cluster-nodes}, the
 * application's own {@link RedisClient} or {@link RedisClusterClient} bean, or the client of Boot's Lettuce connection
 * factory ({@code spring.data.redis.*}). Backs off entirely when the application defines its own {@link AdmissionGate}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"})
@ConditionalOnProperty(prefix = "seckill", name = "enabled", matchIfMissing = true)
@ConditionalOnMissingBean(AdmissionGate.class)
@EnableConfigurationProperties(SeckillProperties.class)
public class SeckillRedisAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SeckillRedis.class)
    SeckillRedisClient seckillRedisClient(SeckillProperties properties, ObjectProvider<RedisClient> standalone,
            ObjectProvider<RedisClusterClient> cluster, ObjectProvider<BootLettuceClient> boot,
            ObjectProvider<ClientResources> resources) {
        SeckillProperties.Redis redis = properties.redis();
        @Nullable ClientResources shared = resources.getIfUnique();
        String url = redis.url();
        if (url != null) {
            RedisURI uri = RedisURI.create(url);
            return new SeckillRedisClient(shared != null ? RedisClient.create(shared, uri) : RedisClient.create(uri),
                    true, "seckill.redis.url");
        }
        if (!redis.clusterNodes().isEmpty()) {
            List<RedisURI> seeds = redis.clusterNodes().stream().map(String::trim).map(RedisURI::create).toList();
            return new SeckillRedisClient(shared != null ? RedisClusterClient.create(shared, seeds)
                    : RedisClusterClient.create(seeds), true, "seckill.redis.cluster-nodes");
        }
        RedisClient standaloneBean = standalone.getIfUnique();
        RedisClusterClient clusterBean = cluster.getIfUnique();
        if (standaloneBean != null && clusterBean != null) {
            throw new IllegalStateException("seckill found both a RedisClient and a RedisClusterClient bean: set"
                    + " seckill.redis.url or seckill.redis.cluster-nodes, or define a SeckillRedis bean");
        }
        if (standaloneBean != null) {
            return new SeckillRedisClient(standaloneBean, false, "the application's RedisClient");
        }
        if (clusterBean != null) {
            return new SeckillRedisClient(clusterBean, false, "the application's RedisClusterClient");
        }
        BootLettuceClient fromBoot = boot.getIfAvailable();
        if (fromBoot != null) {
            return new SeckillRedisClient(fromBoot.client(), false, "Boot's LettuceConnectionFactory");
        }
        throw new IllegalStateException("seckill needs Redis: set seckill.redis.url (or seckill.redis.cluster-nodes),"
                + " define a RedisClient or RedisClusterClient bean, or configure Boot's Redis (spring.data.redis.*"
                + " with spring-boot-starter-data-redis)");
    }

    @Bean
    @ConditionalOnMissingBean
    SeckillRedis seckillRedis(SeckillRedisClient client, SeckillProperties properties) {
        SeckillProperties.Redis redis = properties.redis();
        SeckillRedis.Builder builder = client.client() instanceof RedisClusterClient c
                ? SeckillRedis.builder(c)
                : SeckillRedis.builder((RedisClient) client.client());
        return builder.keyPrefix(redis.keyPrefix()).commandTimeout(redis.commandTimeout()).build();
    }

    // The gate, waitlist and feed are views of SeckillRedis, which closes them: no destroy method of their own.

    @Bean(destroyMethod = "")
    AdmissionGate seckillAdmissionGate(SeckillRedis redis) {
        return redis.admissionGate();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Waitlist seckillWaitlist(SeckillRedis redis) {
        return redis.waitlist();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    OrderStatusFeed seckillOrderStatusFeed(SeckillRedis redis) {
        return redis.statusFeed();
    }

    /** Boot's Redis connection factory, where Spring Data Redis is present and Boot (or the application) made one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LettuceConnectionFactory.class)
    @ConditionalOnBean(LettuceConnectionFactory.class)
    static class BootConnectionFactoryClient {

        @Bean
        BootLettuceClient seckillBootLettuceClient(ObjectProvider<LettuceConnectionFactory> factory) {
            return () -> factory.getObject().getRequiredNativeClient();
        }
    }
}
