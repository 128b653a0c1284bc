package io.github.seckill.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.ShardedStockStore;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.tck.ForwardingAdmissionGate;
import io.github.seckill.tck.ForwardingShardedStockStore;
import io.github.seckill.tck.ForwardingStockLedger;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicators: up while each backend answers, down with the failure when it does not. */
class SeckillHealthTest {

    private static final String[] INDICATORS = {"seckillAdmissionHealthIndicator", "seckillQueueHealthIndicator",
        "seckillLedgerHealthIndicator", "seckillBreakersHealthIndicator"};

    /** The in-memory backends, with the gate and the ledger as given. */
    private static ApplicationContextRunner on(AdmissionGate gate, StockLedger ledger, OrderQueue queue) {
        return new ApplicationContextRunner().withConfiguration(SeckillAutoConfigurationTest.SECKILL)
                .withBean(AdmissionGate.class, () -> gate).withBean(StockLedger.class, () -> ledger)
                .withBean(OrderQueue.class, () -> queue).withBean(LeaseStore.class, InMemoryLeaseStore::new);
    }

    private static ApplicationContextRunner healthy() {
        InMemorySeckill memory = InMemorySeckill.create();
        return on(memory.admissionGate(), memory.stockLedger(), memory.orderQueue());
    }

    private static Health health(AssertableApplicationContext context, String indicator) {
        return context.getBean(indicator, HealthIndicator.class).health();
    }

    @Test
    void everyIndicatorIsUpWhileItsBackendAnswers() {
        healthy().run(context -> {
            for (String indicator : INDICATORS) {
                assertThat(health(context, indicator).getStatus()).as(indicator).isEqualTo(Status.UP);
            }
            assertThat(health(context, "seckillLedgerHealthIndicator").getDetails())
                    .containsEntry("backend", "ledger");
        });
    }

    @Test
    void theLedgerIsDownWhenItsDatabaseFails() {
        InMemorySeckill memory = InMemorySeckill.create();
        StockLedger failing = new ForwardingStockLedger(memory.stockLedger()) {
            @Override
            public Optional<StockSnapshot> stock(long activityId) {
                throw new BackendUnavailableException("mysql", "connection refused", null);
            }
        };
        on(memory.admissionGate(), failing, memory.orderQueue()).run(context -> {
            Health ledger = health(context, "seckillLedgerHealthIndicator");
            assertThat(ledger.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(ledger.getDetails().get("error"))).contains("connection refused");
            assertThat(health(context, "seckillAdmissionHealthIndicator").getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void admissionIsDownWhenRedisFails() {
        InMemorySeckill memory = InMemorySeckill.create();
        AdmissionGate failing = new ForwardingAdmissionGate(memory.admissionGate()) {
            @Override
            public ShardedStockStore stock() {
                return new ForwardingShardedStockStore(super.stock()) {
                    @Override
                    public long[] remaining(long activityId) {
                        throw new BackendUnavailableException("redis", "command timed out", null);
                    }
                };
            }
        };
        on(failing, memory.stockLedger(), memory.orderQueue()).run(context -> {
            Health admission = health(context, "seckillAdmissionHealthIndicator");
            assertThat(admission.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(admission.getDetails().get("error"))).contains("command timed out");
            assertThat(health(context, "seckillLedgerHealthIndicator").getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void theQueueIsDownWhenNoBrokerAnswers() {
        new ApplicationContextRunner().withConfiguration(SeckillAutoConfigurationTest.SECKILL)
                .withUserConfiguration(SeckillAutoConfigurationTest.AllButTheQueue.class)
                .withPropertyValues("seckill.kafka.bootstrap-servers=127.0.0.1:" + FreePort.closed(),
                        "seckill.kafka.create-topics=false", "seckill.kafka.publish-timeout=1s",
                        "seckill.drain-timeout=2s")
                .run(context -> {
                    Health queue = health(context, "seckillQueueHealthIndicator");
                    assertThat(queue.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(queue.getDetails().get("error")))
                            .contains("could not read the end offsets of seckill-orders");
                    SeckillDrain drain = context.getBean(SeckillDrain.class);
                    context.close();
                    assertThat(drain.report()).as("the drain on shutdown reports, the broker down")
                            .hasValueSatisfying(r -> assertThat(r.queueSettled()).isFalse());
                });
    }

    @Test
    void theBreakersAreDownWhileOneIsOpen() {
        healthy().run(context -> {
            CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
            CircuitBreaker queue = breakers.circuitBreaker("seckill-queue");
            breakers.circuitBreaker("someone-elses").transitionToOpenState();
            assertThat(health(context, "seckillBreakersHealthIndicator").getStatus())
                    .as("breakers of other names do not count").isEqualTo(Status.UP);
            queue.transitionToOpenState();
            Health open = health(context, "seckillBreakersHealthIndicator");
            assertThat(open.getStatus()).isEqualTo(Status.DOWN);
            assertThat(open.getDetails()).containsEntry("breakers", Map.of("seckill-queue", "OPEN"));
            queue.transitionToHalfOpenState();
            assertThat(health(context, "seckillBreakersHealthIndicator").getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void noIndicatorWithoutBootsHealthSupport() {
        healthy().withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
            assertThat(context).hasNotFailed();
            for (String indicator : INDICATORS) {
                assertThat(context).doesNotHaveBean(indicator);
            }
        });
    }

    @Test
    void noIndicatorWhenTurnedOff() {
        healthy().withPropertyValues("management.health.seckill.enabled=false").run(context -> {
            for (String indicator : INDICATORS) {
                assertThat(context).doesNotHaveBean(indicator);
            }
        });
    }

    @Test
    void anIndicatorOfTheApplicationsOwnNameWins() {
        HealthIndicator mine = () -> Health.outOfService().build();
        healthy().withBean("seckillLedgerHealthIndicator", HealthIndicator.class, () -> mine)
                .run(context -> assertThat(health(context, "seckillLedgerHealthIndicator").getStatus())
                        .isEqualTo(Status.OUT_OF_SERVICE));
    }
}
