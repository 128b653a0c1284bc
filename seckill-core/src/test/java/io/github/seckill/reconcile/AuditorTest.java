package io.github.seckill.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditorTest {

    private final InMemorySeckill memory = InMemorySeckill.create();
    private final ActivityConfig activity = ActivityConfig.builder(1).stock(5).shards(2)
            .window(Instant.now().minusSeconds(60), Instant.now().plusSeconds(3_600)).build();

    @Test
    void aCleanSaleAuditsClean() throws Exception {
        memory.stockLedger().defineActivity(activity.toLedgerActivity());
        try (FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).build();
                OrderSettler settler = OrderSettler.builder(memory.orderQueue(), memory.stockLedger()).start()) {
            sale.launch(activity);
            for (long user = 1; user <= 20; user++) {
                sale.attempt(1, user, "r");
                sale.attempt(1, user, "again");
            }
            assertThat(memory.orderQueue().awaitDrained(Duration.ofSeconds(5))).isTrue();
            assertThat(settler).isNotNull();
        }
        AuditReport report = Auditor.of(memory.stockLedger(), memory.admissionGate(), Duration.ofSeconds(60))
                .audit(1);
        assertThat(report.violations()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.pendingUnits()).isEqualTo(5);
        assertThat(report.oversold()).isZero();
        assertThat(report.admissionRemaining()).isZero();
        assertThat(report.undersold()).isZero();
        assertThat(report.toTable()).contains("verdict", "clean");
    }

    @Test
    void anOrderAdmittedLongAgoThatNeverReachedTheLedgerIsAViolation() {
        memory.stockLedger().defineActivity(activity.toLedgerActivity());
        memory.admissionGate().stock().load(1, new long[] {3, 2});
        long past = System.currentTimeMillis() - 120_000;
        memory.admissionGate().admit(new AdmissionRequest(1, 7, "r", 70, 1, ShardPlan.probing(0), past, past + 1,
                past + 3_600_000));
        AuditReport report = Auditor.of(memory.stockLedger(), memory.admissionGate(), Duration.ofSeconds(60))
                .audit(1);
        assertThat(report.admissionLost()).isEqualTo(1);
        assertThat(report.violations()).extracting(AuditViolation::kind)
                .containsExactly(AuditViolation.Kind.QUEUED_NOT_IN_LEDGER);
    }

    @Test
    void admissionAbleToAdmitMoreThanTheLedgerCanSellIsAViolationAndLessIsUndersell() {
        memory.stockLedger().defineActivity(activity.toLedgerActivity());
        memory.admissionGate().stock().load(1, new long[] {3, 3});
        AuditReport above = Auditor.of(memory.stockLedger(), memory.admissionGate(), Duration.ofSeconds(60))
                .audit(1);
        assertThat(above.violations()).extracting(AuditViolation::kind)
                .containsExactly(AuditViolation.Kind.ADMISSION_ABOVE_LEDGER);
        memory.admissionGate().stock().removeStock(1, 3, "op");
        AuditReport below = Auditor.of(memory.stockLedger(), memory.admissionGate(), Duration.ofSeconds(60))
                .audit(1);
        assertThat(below.clean()).isTrue();
        assertThat(below.undersold()).isEqualTo(2);
    }

    @Test
    void ordersThatDoNotAddUpToTheStockRowAreAViolation() {
        memory.stockLedger().defineActivity(activity.toLedgerActivity());
        memory.stockLedger().settle(List.of(new OrderMessage(10, 1, 10, 2, -1, 0)));
        memory.stockLedger().confirmPayment(10);
        assertThat(Auditor.of(memory.stockLedger()).audit(1).clean()).isTrue();
        // The row corrupted: a released order that still claims to be paid.
        var corrupted = new io.github.seckill.memory.InMemoryStockLedger();
        corrupted.defineActivity(activity.toLedgerActivity());
        corrupted.settle(List.of(new OrderMessage(10, 1, 10, 2, -1, 0), new OrderMessage(11, 1, 11, 2, -1, 0)));
        corrupted.release(11);
        AuditReport report = Auditor.of(StatusOverride.of(corrupted, 11, OrderStatus.PAID)).audit(1);
        assertThat(report.violations()).extracting(AuditViolation::kind)
                .contains(AuditViolation.Kind.ORDERS_DO_NOT_MATCH_STOCK);
        assertThat(report.toTable()).contains("ORDERS_DO_NOT_MATCH_STOCK");
    }

    @Test
    void anUnknownActivityIsAViolation() {
        assertThat(Auditor.of(memory.stockLedger()).audit(99).violations()).extracting(AuditViolation::kind)
                .containsExactly(AuditViolation.Kind.UNKNOWN_ACTIVITY);
    }
}
