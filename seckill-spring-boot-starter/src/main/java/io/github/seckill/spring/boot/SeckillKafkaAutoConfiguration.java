package io.github.seckill.spring.boot;

import io.github.seckill.event.SeckillListener;
import io.github.seckill.kafka.KafkaQueueOptions;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.queue.OrderQueue;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The order queue on Kafka, through {@link SeckillKafka}: the brokers of {@code seckill.kafka.bootstrap-servers}, else
 * Boot's {@code spring.kafka.bootstrap-servers}; the topics created at startup unless
 * {@code seckill.kafka.create-topics=false}. Backs off entirely when the application defines its own
 * {@link OrderQueue}.
 */
@AutoConfiguration(after = SeckillMetricsAutoConfiguration.class)
@ConditionalOnProperty(prefix = "seckill", name = "enabled", matchIfMissing = true)
@ConditionalOnMissingBean(OrderQueue.class)
@EnableConfigurationProperties(SeckillProperties.class)
public class SeckillKafkaAutoConfiguration {

    /** Boot's own setting, read as Boot binds it, so that the starter needs none of Boot's Kafka modules. */
    static final String BOOT_BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

    @Bean
    @ConditionalOnMissingBean
    SeckillKafka seckillKafka(SeckillProperties properties, Environment environment) {
        SeckillProperties.Kafka kafka = properties.kafka();
        List<String> servers = kafka.bootstrapServers();
        if (servers.isEmpty()) {
            servers = Binder.get(environment).bind(BOOT_BOOTSTRAP_SERVERS, Bindable.listOf(String.class))
                    .orElse(List.of());
        }
        if (servers.isEmpty()) {
            throw new IllegalStateException("seckill needs Kafka: set seckill.kafka.bootstrap-servers or "
                    + BOOT_BOOTSTRAP_SERVERS + ", or define an OrderQueue bean");
        }
        SeckillKafka.Builder builder = SeckillKafka.builder(String.join(",", servers));
        kafka.properties().forEach(builder::property);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaQueueOptions seckillKafkaQueueOptions(SeckillProperties properties, ObjectProvider<SeckillListener> listeners) {
        SeckillProperties.Kafka kafka = properties.kafka();
        KafkaQueueOptions.Builder options = KafkaQueueOptions.builder(kafka.topic())
                .publishTimeout(kafka.publishTimeout())
                .listener(SeckillAutoConfiguration.events(listeners));
        String group = kafka.consumerGroup();
        if (group != null) {
            options.consumerGroup(group);
        }
        return options.build();
    }

    @Bean
    OrderQueue seckillOrderQueue(SeckillKafka kafka, KafkaQueueOptions options, SeckillProperties properties) {
        SeckillProperties.Kafka settings = properties.kafka();
        if (settings.createTopics()) {
            kafka.createTopics(options, settings.partitions(), settings.replicationFactor());
        }
        return kafka.orderQueue(options);
    }
}
