package io.github.seckill.spring.boot;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderQueue;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator per backend ({@code seckillAdmission}, {@code seckillQueue}, {@code seckillLedger}) and one for
 * the engine's circuit breakers ({@code seckillBreakers}), where the application has Boot's health support
 * ({@code spring-boot-health}, which the actuator brings); {@code management.health.seckill.enabled=false} turns them
 * off. Each backs off when the application defines a bean of the same name.
 */
@AutoConfiguration(after = SeckillAutoConfiguration.class)
@ConditionalOnProperty(prefix = "seckill", name = "enabled", matchIfMissing = true)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("seckill")
public class SeckillHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(AdmissionGate.class)
    @ConditionalOnMissingBean(name = "seckillAdmissionHealthIndicator")
    HealthIndicator seckillAdmissionHealthIndicator(AdmissionGate gate) {
        return new BackendHealthIndicator("admission", () -> gate.stock().remaining(0));
    }

    @Bean
    @ConditionalOnBean(OrderQueue.class)
    @ConditionalOnMissingBean(name = "seckillQueueHealthIndicator")
    HealthIndicator seckillQueueHealthIndicator(OrderQueue queue) {
        return new BackendHealthIndicator("queue", queue::mark);
    }

    @Bean
    @ConditionalOnBean(StockLedger.class)
    @ConditionalOnMissingBean(name = "seckillLedgerHealthIndicator")
    HealthIndicator seckillLedgerHealthIndicator(StockLedger ledger) {
        return new BackendHealthIndicator("ledger", () -> ledger.stock(0));
    }

    @Bean
    @ConditionalOnBean(CircuitBreakerRegistry.class)
    @ConditionalOnMissingBean(name = "seckillBreakersHealthIndicator")
    HealthIndicator seckillBreakersHealthIndicator(CircuitBreakerRegistry breakers) {
        return new BreakerHealthIndicator(breakers);
    }
}
