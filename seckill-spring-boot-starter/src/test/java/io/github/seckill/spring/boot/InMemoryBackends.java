package io.github.seckill.spring.boot;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryLeaseStore;
import io.github.seckill.memory.InMemoryOrderStatusFeed;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.status.OrderStatusFeed;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that brings its own backends (the SDK's in-memory ones): the Redis, Kafka and MySQL
 * auto-configurations back off, and the sale runs on these.
 */
@Configuration(proxyBeanMethods = false)
class InMemoryBackends {

    @Bean
    InMemorySeckill inMemorySeckill() {
        return InMemorySeckill.create();
    }

    @Bean
    AdmissionGate gate(InMemorySeckill memory) {
        return memory.admissionGate();
    }

    @Bean
    Waitlist waitlist(InMemorySeckill memory) {
        return memory.waitlist();
    }

    @Bean
    OrderQueue queue(InMemorySeckill memory) {
        return memory.orderQueue();
    }

    @Bean
    StockLedger ledger(InMemorySeckill memory) {
        return memory.stockLedger();
    }

    @Bean
    LeaseStore leases() {
        return new InMemoryLeaseStore();
    }

    @Bean
    OrderStatusFeed feed() {
        return new InMemoryOrderStatusFeed();
    }
}
