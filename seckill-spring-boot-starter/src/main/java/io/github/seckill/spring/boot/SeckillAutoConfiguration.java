package io.github.seckill.spring.boot;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.engine.FlashSaleBuilder;
import io.github.seckill.event.Listeners;
import io.github.seckill.event.SeckillListener;
import io.github.seckill.id.LeasedWorkerId;
import io.github.seckill.id.OrderIdGenerator;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.reconcile.ReconcilerBuilder;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.status.OrderStatusFeed;
import io.github.seckill.status.OrderUpdates;
import io.github.seckill.status.StatusPublisher;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The sale on whatever backends the context has ({@link AdmissionGate}, {@link OrderQueue}, {@link StockLedger} and
 * {@link LeaseStore}; the Redis, Kafka and MySQL auto-configurations make them, or the application does): the
 * {@link FlashSale} engine with its waitlist and reconciler, order ids from a leased worker id, the
 * {@link OrderSettler}, the {@link OrderLifecycle} with its timeout sweeps, order updates pushed through the feed,
 * the {@link Auditor}, and the {@link SeckillDrain} on shutdown. Every {@link SeckillListener} bean hears the events.
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration(after = {SeckillRedisAutoConfiguration.class, SeckillKafkaAutoConfiguration.class,
        SeckillMySqlAutoConfiguration.class, SeckillMetricsAutoConfiguration.class})
@ConditionalOnProperty(prefix = "seckill", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SeckillProperties.class)
public class SeckillAutoConfiguration {

    /** Every listener bean of the context, each shielded from the others' failures. */
    static SeckillListener events(ObjectProvider<SeckillListener> listeners) {
        return Listeners.safe(listeners.orderedStream().toList());
    }

    @Bean
    @ConditionalOnBean(OrderStatusFeed.class)
    @ConditionalOnMissingBean
    StatusPublisher seckillStatusPublisher(OrderStatusFeed feed) {
        return StatusPublisher.to(feed);
    }

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry seckillCircuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    SeckillScheduler seckillScheduler() {
        return new SeckillScheduler();
    }

    @Bean
    @ConditionalOnBean(LeaseStore.class)
    @ConditionalOnMissingBean({LeasedWorkerId.class, OrderIdGenerator.class})
    LeasedWorkerId seckillWorkerId(LeaseStore leases, SeckillScheduler scheduler) {
        return LeasedWorkerId.acquire(leases, scheduler.executor());
    }

    @Bean
    @ConditionalOnMissingBean
    OrderIdGenerator seckillOrderIds(ObjectProvider<LeasedWorkerId> worker) {
        LeasedWorkerId leased = worker.getIfAvailable();
        if (leased == null) {
            throw new IllegalStateException("seckill needs a worker id per JVM: define a LeaseStore bean (the MySQL"
                    + " ledger has one), a LeasedWorkerId or an OrderIdGenerator bean");
        }
        return leased.orderIds();
    }

    @Bean
    @ConditionalOnMissingBean
    Reconciler seckillReconciler(AdmissionGate gate, StockLedger ledger, OrderQueue queue,
            ObjectProvider<LeaseStore> leases, ObjectProvider<SeckillListener> listeners) {
        ReconcilerBuilder builder = Reconciler.builder(gate, ledger).queue(queue).listener(events(listeners));
        leases.ifAvailable(builder::leases);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    DegradedAdmission seckillDegradedAdmission(SeckillProperties properties) {
        return DegradedAdmission.builder().mode(properties.degradedAdmission()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    FlashSale seckillFlashSale(AdmissionGate gate, OrderQueue queue, OrderIdGenerator orderIds, Reconciler reconciler,
            DegradedAdmission degraded, CircuitBreakerRegistry breakers, ObjectProvider<Waitlist> waitlist,
            ObjectProvider<SeckillListener> listeners) {
        FlashSaleBuilder builder = FlashSale.builder(gate, queue).orderIds(orderIds).reconciler(reconciler)
                .degradedAdmission(degraded).breakers(breakers).listener(events(listeners));
        waitlist.ifAvailable(builder::waitlist);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    OrderSettler seckillOrderSettler(OrderQueue queue, StockLedger ledger, FlashSale sale,
            SeckillProperties properties, ObjectProvider<SeckillListener> listeners) {
        SeckillProperties.Settler settler = properties.settler();
        OrderSettler.Builder builder = OrderSettler.builder(queue, ledger).consumers(settler.consumers())
                .givingBackTo(sale).listener(events(listeners));
        if (settler.maxSettleRate() > 0) {
            builder.maxSettleRate(settler.maxSettleRate());
        }
        return builder.start();
    }

    @Bean
    @ConditionalOnMissingBean
    OrderLifecycle seckillOrderLifecycle(FlashSale sale, StockLedger ledger, AdmissionGate gate,
            SeckillProperties properties, ObjectProvider<SeckillListener> listeners) {
        return OrderLifecycle.builder(sale, ledger).admission(gate).listener(events(listeners))
                .sweepEvery(properties.sweepEvery()).build();
    }

    @Bean
    @ConditionalOnBean(OrderStatusFeed.class)
    @ConditionalOnMissingBean
    OrderUpdates seckillOrderUpdates(OrderStatusFeed feed, StockLedger ledger) {
        return new OrderUpdates(feed, ledger);
    }

    @Bean
    @ConditionalOnMissingBean
    Auditor seckillAuditor(StockLedger ledger, AdmissionGate gate, SeckillProperties properties) {
        return Auditor.of(ledger, gate, properties.auditGrace());
    }

    @Bean
    @ConditionalOnMissingBean
    SeckillActivities seckillActivities(FlashSale sale, StockLedger ledger,
            ObjectProvider<SeckillActivities.Observer> observers) {
        return new SeckillActivities(sale, ledger, observers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    SeckillDrain seckillDrain(FlashSale sale, OrderLifecycle lifecycle, OrderSettler settler, Reconciler reconciler,
            SeckillScheduler scheduler, ObjectProvider<OrderUpdates> updates, SeckillProperties properties) {
        List<AutoCloseable> toClose = new ArrayList<>(List.of(settler, lifecycle));
        updates.ifAvailable(toClose::add);
        return new SeckillDrain(sale, lifecycle, reconciler, scheduler.executor(), properties.reconcileEvery(),
                properties.drainTimeout(), toClose);
    }
}
