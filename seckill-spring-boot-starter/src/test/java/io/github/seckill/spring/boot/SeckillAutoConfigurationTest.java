package io.github.seckill.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.id.LeasedWorkerId;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.kafka.SeckillKafka;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.memory.InMemoryOrderStatusFeed;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.micrometer.SeckillMetrics;
import io.github.seckill.mysql.MySqlLedgerListener;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.status.OrderUpdates;
import io.github.seckill.status.StatusPublisher;
import io.github.seckill.tck.OpenWindow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of the starter, on the SDK's in-memory backends (no server needed). */
class SeckillAutoConfigurationTest {

    static final AutoConfigurations SECKILL = AutoConfigurations.of(SeckillMetricsAutoConfiguration.class,
            SeckillRedisAutoConfiguration.class, SeckillKafkaAutoConfiguration.class,
            SeckillMySqlAutoConfiguration.class, SeckillAutoConfiguration.class, SeckillHealthAutoConfiguration.class);

    private static final AtomicLong ACTIVITIES = new AtomicLong(1_000);

    private final ApplicationContextRunner inMemory = new ApplicationContextRunner()
            .withConfiguration(SECKILL).withUserConfiguration(InMemoryBackends.class);

    @Test
    void runsASaleOnTheApplicationsOwnBackendsAndDrainsItOnClose() {
        inMemory.run(context -> {
            assertThat(context).hasNotFailed();
            for (Class<?> type : List.of(FlashSale.class, OrderSettler.class, OrderLifecycle.class, Reconciler.class,
                    OrderUpdates.class, Auditor.class, StatusPublisher.class, LeasedWorkerId.class,
                    OrderIdGenerator.class, CircuitBreakerRegistry.class, SeckillActivities.class,
                    SeckillDrain.class)) {
                assertThat(context).as(type.getSimpleName()).hasSingleBean(type);
            }
            for (Class<?> type : List.of(SeckillRedis.class, SeckillKafka.class, SeckillMySql.class,
                    SeckillRedisClient.class, SeckillMetrics.class)) {
                assertThat(context).as(type.getSimpleName()).doesNotHaveBean(type);
            }
            long id = ACTIVITIES.incrementAndGet();
            assertThat(context.getBean(SeckillActivities.class)
                    .open(OpenWindow.now().activity(id).stock(10).shards(2).build())).isTrue();
            FlashSale sale = context.getBean(FlashSale.class);
            List<Long> admitted = new ArrayList<>();
            int soldOut = 0;
            for (long user = 1; user <= 15; user++) {
                AttemptResult r = sale.attempt(id, user, "r" + user);
                if (r instanceof AttemptResult.Admitted a) {
                    admitted.add(a.orderId());
                } else if (r.outcome() == AttemptResult.Outcome.SOLD_OUT) {
                    soldOut++;
                }
            }
            assertThat(admitted).hasSize(10);
            assertThat(soldOut).isEqualTo(5);
            SeckillDrain drain = context.getBean(SeckillDrain.class);
            assertThat(drain.isRunning()).isTrue();
            StockLedger ledger = context.getBean(StockLedger.class);

            context.close();

            DrainReport report = drain.report().orElseThrow();
            assertThat(report.completed()).as(report.toString()).isTrue();
            assertThat(admitted).as("every admitted order is in the ledger once the drain returns")
                    .allSatisfy(o -> assertThat(ledger.findOrder(o).orElseThrow().status())
                            .isEqualTo(OrderStatus.PENDING_PAYMENT));
            assertThat(sale.attempt(id, 99, "late").outcome()).isEqualTo(AttemptResult.Outcome.CLOSING);
        });
    }

    static Stream<Arguments> ownBeans() {
        InMemorySeckill memory = InMemorySeckill.create();
        return Stream.of(
                own(FlashSale.class, () -> FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build()),
                own(OrderSettler.class, () -> OrderSettler.builder(memory.orderQueue(), memory.stockLedger())
                        .start()),
                own(OrderLifecycle.class, () -> OrderLifecycle.builder(
                        FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build(), memory.stockLedger())
                        .build()),
                own(Reconciler.class, () -> Reconciler.builder(memory.admissionGate(), memory.stockLedger()).build()),
                own(OrderUpdates.class, () -> new OrderUpdates(
                        new InMemoryOrderStatusFeed(), memory.stockLedger())),
                own(Auditor.class, () -> Auditor.of(memory.stockLedger())),
                own(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults),
                own(OrderIdGenerator.class, () -> OrderIdGenerator.snowflake(7)),
                own(DegradedAdmission.class, () -> DegradedAdmission.queueDirectly(0.5, Duration.ofSeconds(1))),
                own(SeckillActivities.class, () -> new SeckillActivities(
                        FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build(), memory.stockLedger(),
                        List.of())),
                own(SeckillMetrics.class, () -> SeckillMetrics.create(new SimpleMeterRegistry())),
                own(StatusPublisher.class, () -> StatusPublisher.to(
                        new InMemoryOrderStatusFeed())));
    }

    private static <T> Arguments own(Class<T> type, Supplier<T> bean) {
        return Arguments.of(type, bean);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownBeans")
    <T> void everyBeanBacksOffForTheApplicationsOwn(Class<T> type, Supplier<T> bean) {
        T mine = bean.get();
        inMemory.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("mine", type, () -> mine).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(type).isSameAs(mine);
                    assertThat(context.getBeansOfType(type)).containsOnlyKeys("mine");
                });
    }

    @Test
    void anOrderIdGeneratorOfTheApplicationsMeansNoLeasedWorkerId() {
        inMemory.withBean("ids", OrderIdGenerator.class, () -> OrderIdGenerator.snowflake(9))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LeasedWorkerId.class));
    }

    @Test
    void bindsEveryProperty() {
        inMemory.withPropertyValues("seckill.redis.key-prefix=shop", "seckill.redis.command-timeout=500ms",
                "seckill.redis.cluster-nodes=redis://10.0.0.1:7000,redis://10.0.0.2:7000",
                "seckill.kafka.bootstrap-servers=k1:9092,k2:9092", "seckill.kafka.topic=shop-orders",
                "seckill.kafka.consumer-group=shop-settlers", "seckill.kafka.create-topics=false",
                "seckill.kafka.partitions=6", "seckill.kafka.replication-factor=3",
                "seckill.kafka.publish-timeout=3s", "seckill.kafka.properties.client.id=shop",
                "seckill.mysql.migrate=false", "seckill.settler.consumers=4", "seckill.settler.max-settle-rate=800",
                "seckill.sweep-every=1s", "seckill.reconcile-every=0", "seckill.audit-grace=2m",
                "seckill.degraded-admission=RANDOM_GATE", "seckill.drain-timeout=45s").run(context -> {
                    assertThat(context).hasNotFailed();
                    SeckillProperties p = context.getBean(SeckillProperties.class);
                    assertThat(p.redis().keyPrefix()).isEqualTo("shop");
                    assertThat(p.redis().commandTimeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(p.redis().clusterNodes()).containsExactly("redis://10.0.0.1:7000",
                            "redis://10.0.0.2:7000");
                    assertThat(p.redis().url()).isNull();
                    assertThat(p.kafka().bootstrapServers()).containsExactly("k1:9092", "k2:9092");
                    assertThat(p.kafka().topic()).isEqualTo("shop-orders");
                    assertThat(p.kafka().consumerGroup()).isEqualTo("shop-settlers");
                    assertThat(p.kafka().createTopics()).isFalse();
                    assertThat(p.kafka().partitions()).isEqualTo(6);
                    assertThat(p.kafka().replicationFactor()).isEqualTo((short) 3);
                    assertThat(p.kafka().publishTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.kafka().properties()).containsEntry("client.id", "shop");
                    assertThat(p.mysql().migrate()).isFalse();
                    assertThat(p.settler().consumers()).isEqualTo(4);
                    assertThat(p.settler().maxSettleRate()).isEqualTo(800);
                    assertThat(p.sweepEvery()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(p.reconcileEvery()).isZero();
                    assertThat(p.auditGrace()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(p.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(context.getBean(DegradedAdmission.class).mode())
                            .isEqualTo(DegradedAdmission.Mode.RANDOM_GATE);
                });
    }

    @Test
    void defaultsWithoutAnyProperty() {
        inMemory.run(context -> {
            SeckillProperties p = context.getBean(SeckillProperties.class);
            assertThat(p.enabled()).isTrue();
            assertThat(p.redis().keyPrefix()).isEqualTo("seckill");
            assertThat(p.redis().clusterNodes()).isEmpty();
            assertThat(p.kafka().topic()).isEqualTo("seckill-orders");
            assertThat(p.kafka().bootstrapServers()).isEmpty();
            assertThat(p.kafka().properties()).isEmpty();
            assertThat(p.settler().consumers()).isEqualTo(2);
            assertThat(p.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(context.getBean(DegradedAdmission.class).mode()).isEqualTo(DegradedAdmission.Mode.REJECT);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            seckill.settler.consumers=0                 | seckill.settler.consumers must be >= 1, was 0
            seckill.settler.max-settle-rate=-1          | seckill.settler.max-settle-rate must be >= 0
            seckill.kafka.partitions=0                  | seckill.kafka.partitions must be >= 1
            seckill.kafka.replication-factor=0          | seckill.kafka.replication-factor must be >= 1
            seckill.kafka.topic=orders/today            | seckill.kafka.topic must be 1 to 249 characters
            seckill.kafka.publish-timeout=0s            | seckill.kafka.publish-timeout must be positive
            seckill.redis.key-prefix=shop{1}            | seckill.redis.key-prefix must be non-empty, without braces
            seckill.redis.command-timeout=-1s           | seckill.redis.command-timeout must be positive
            seckill.sweep-every=0s                      | seckill.sweep-every must be positive
            seckill.reconcile-every=-5s                 | seckill.reconcile-every must not be negative
            seckill.audit-grace=0s                      | seckill.audit-grace must be positive
            seckill.drain-timeout=0s                    | seckill.drain-timeout must be positive
            seckill.degraded-admission=LOCAL_QUOTA      | seckill.degraded-admission=LOCAL_QUOTA needs each JVM's quota
            seckill.degraded-admission=SOMETIMES        | seckill.degraded-admission
            seckill.sweep-every=soon                    | seckill.sweep-every
            seckill.settler.consumers=two               | seckill.settler.consumers
            """)
    void refusesABadValueAtStartupNamingTheProperty(String setting, String message) {
        inMemory.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(message);
            assertThat(context.getStartupFailure()).hasStackTraceContaining(setting.substring(0, setting.indexOf('=')));
        });
    }

    @Test
    void refusesAUrlAndClusterNodesTogether() {
        inMemory.withPropertyValues("seckill.redis.url=redis://127.0.0.1:1",
                "seckill.redis.cluster-nodes=redis://127.0.0.1:2").run(context -> assertThat(
                        messages(context.getStartupFailure()))
                .contains("seckill.redis.url and seckill.redis.cluster-nodes exclude each other"));
    }

    @Test
    void configuresNothingWhenDisabled() {
        inMemory.withPropertyValues("seckill.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FlashSale.class).doesNotHaveBean(SeckillProperties.class)
                    .doesNotHaveBean(SeckillDrain.class).doesNotHaveBean("seckillLedgerHealthIndicator");
        });
    }

    @Test
    void namesWhatIsMissingWhenNoBackendIsConfigured() {
        new ApplicationContextRunner().withConfiguration(SECKILL).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).containsAnyOf(
                    "seckill needs Redis: set seckill.redis.url", "seckill needs Kafka: set seckill.kafka",
                    "seckill needs one DataSource for its ledger");
        });
    }

    @Test
    void namesTheMissingDataSource() {
        new ApplicationContextRunner().withConfiguration(SECKILL)
                .withBean(AdmissionGate.class,
                        () -> InMemorySeckill.create().admissionGate())
                .withBean(OrderQueue.class, () -> InMemorySeckill.create().orderQueue())
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("seckill needs one DataSource for its ledger: set spring.datasource.url"));
    }

    @Test
    void namesTheMissingKafkaBrokers() {
        InMemorySeckill memory = InMemorySeckill.create();
        new ApplicationContextRunner().withConfiguration(SECKILL)
                .withBean(AdmissionGate.class, memory::admissionGate)
                .withBean(StockLedger.class, memory::stockLedger)
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("seckill needs Kafka: set seckill.kafka.bootstrap-servers or"
                                + " spring.kafka.bootstrap-servers"));
    }

    @Test
    void namesTheMissingRedisWithoutSpringDataRedis() {
        InMemorySeckill memory = InMemorySeckill.create();
        new ApplicationContextRunner().withConfiguration(SECKILL)
                .withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .withBean(OrderQueue.class, memory::orderQueue)
                .withBean(StockLedger.class, memory::stockLedger)
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("seckill needs Redis: set seckill.redis.url"));
    }

    @Test
    void takesBootsKafkaBootstrapServersUnlessItsOwnAreSet() {
        ApplicationContextRunner kafka = new ApplicationContextRunner().withConfiguration(SECKILL)
                .withUserConfiguration(AllButTheQueue.class)
                .withPropertyValues("seckill.kafka.create-topics=false", "seckill.kafka.publish-timeout=1s",
                        "seckill.drain-timeout=2s", "spring.kafka.bootstrap-servers=127.0.0.1:" + FreePort.closed());
        kafka.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SeckillKafka.class).toString()).contains("127.0.0.1:");
        });
        kafka.withPropertyValues("seckill.kafka.bootstrap-servers=127.0.0.2:" + FreePort.closed() + ",127.0.0.3:9")
                .run(context -> assertThat(context.getBean(SeckillKafka.class).toString())
                        .contains("127.0.0.2:").contains(",127.0.0.3:9").doesNotContain("127.0.0.1"));
    }

    /** The in-memory backends but the queue: the Kafka configuration makes that one. */
    @Configuration(proxyBeanMethods = false)
    static class AllButTheQueue {
        private final InMemorySeckill memory = InMemorySeckill.create();

        @Bean
        AdmissionGate gate() {
            return memory.admissionGate();
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

    @Test
    void metersTheSaleWhenTheApplicationHasAMeterRegistry() {
        inMemory.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(SeckillMetrics.class).hasSingleBean(MySqlLedgerListener.class);
            long id = ACTIVITIES.incrementAndGet();
            context.getBean(SeckillActivities.class).open(OpenWindow.now().activity(id).stock(3).build());
            FlashSale sale = context.getBean(FlashSale.class);
            for (long user = 1; user <= 5; user++) {
                sale.attempt(id, user, "r" + user);
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("seckill.attempts").tag("activity", Long.toString(id))
                    .tag("outcome", "ADMITTED").counter().count()).isEqualTo(3);
            assertThat(registry.get("seckill.attempts").tag("activity", Long.toString(id))
                    .tag("outcome", "SOLD_OUT").counter().count()).isEqualTo(2);
            assertThat(registry.find("seckill.audit.oversold").tag("activity", Long.toString(id)).gauge())
                    .as("the activity opened is watched").isNotNull();
        });
    }

    @Test
    void runsWithoutMicrometer() {
        inMemory.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FlashSale.class).doesNotHaveBean(SeckillMetrics.class)
                    .doesNotHaveBean(MySqlLedgerListener.class);
        });
    }

    @Test
    void theMetricsBackOffWithoutAMeterRegistry() {
        inMemory.run(context -> assertThat(context).doesNotHaveBean(SeckillMetrics.class));
    }

    /** @return the messages of the failure and its causes, one a line */
    static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", messages);
    }
}
