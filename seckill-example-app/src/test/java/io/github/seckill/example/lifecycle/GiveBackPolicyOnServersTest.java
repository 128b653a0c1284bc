package io.github.seckill.example.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two simple policies on real servers: 10 units, 10 buyers, three of them cancel. OPEN_SALE sells the three units
 * to the next buyers; NONE leaves them unsold after the window, and the audit says so, clean, with the reconciler
 * running all along.
 */
@WithRedis
@WithKafka
@WithMariaDb
class GiveBackPolicyOnServersTest {

    private static final Duration WINDOW = Duration.ofSeconds(12);

    private static ActivityConfig activity(GiveBackPolicy policy) {
        Instant now = Instant.now();
        return ActivityConfig.builder(Tck.uniqueId()).stock(10).shards(2).window(now.minusSeconds(1), now.plus(WINDOW))
                .giveBack(policy).build();
    }

    private static List<Long> buyTen(SaleRig rig, long id) throws Exception {
        List<Long> orders = new ArrayList<>();
        for (long user = 1; user <= 10; user++) {
            orders.add(((AttemptResult.Admitted) rig.sale.attempt(id, user, "r" + user)).orderId());
        }
        awaitSettled(rig, id, 10);
        return orders;
    }

    private static void awaitSettled(SaleRig rig, long id, long orders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (rig.number("SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + id) < orders) {
            assertThat(System.nanoTime()).as("settled").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void openSaleSellsCancelledUnitsToTheNextBuyers(RedisEndpoint redis, KafkaEndpoint kafka, MariaDbEndpoint db)
            throws Exception {
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults())) {
            long id = rig.launch(activity(GiveBackPolicy.OPEN_SALE)).activityId();
            List<Long> orders = buyTen(rig, id);
            for (int i = 0; i < 3; i++) {
                assertThat(rig.lifecycle.cancel(orders.get(i), i + 1).released()).isTrue();
            }
            int resold = 0;
            for (long user = 11; user <= 20; user++) {
                if (rig.sale.attempt(id, user, "r" + user).isAdmitted()) {
                    resold++;
                }
            }
            assertThat(resold).isEqualTo(3);
            awaitSettled(rig, id, 13);
            assertThat(rig.soldOrLocked(id)).isEqualTo(10);
            AuditReport audit = rig.audit(id);
            assertThat(audit.clean()).as(audit.toTable()).isTrue();
            assertThat(audit.keptUnsold()).isZero();
            assertThat(audit.undersold()).isZero();
        }
    }

    @Test
    void noneLeavesCancelledUnitsUnsoldAndTheAuditSaysSo(RedisEndpoint redis, KafkaEndpoint kafka,
            MariaDbEndpoint db) throws Exception {
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults()
                .every(Duration.ofMillis(300)))) {
            ActivityConfig config = rig.launch(activity(GiveBackPolicy.NONE));
            long id = config.activityId();
            List<Long> orders = buyTen(rig, id);
            for (int i = 0; i < 3; i++) {
                assertThat(rig.lifecycle.cancel(orders.get(i), i + 1).released()).isTrue();
            }
            for (long user = 11; user <= 20; user++) {
                assertThat(rig.sale.attempt(id, user, "r" + user).outcome()).as("user %d", user)
                        .isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            }
            // Past the window, with the reconciler having run many times: the three units are still unsold.
            Thread.sleep(Math.max(0, config.endsAt().toEpochMilli() - System.currentTimeMillis()) + 500);
            assertThat(rig.sale.attempt(id, 21, "r21").outcome()).isEqualTo(AttemptResult.Outcome.ENDED);
            assertThat(rig.soldOrLocked(id)).isEqualTo(7);
            assertThat(rig.number("SELECT available FROM seckill_activity WHERE activity_id = " + id)).isEqualTo(3);
            assertThat(rig.sale.remaining(id)).containsOnly(0);
            AuditReport audit = rig.audit(id);
            assertThat(audit.clean()).as(audit.toTable()).isTrue();
            assertThat(audit.keptUnsold()).as("released, kept unsold").isEqualTo(3);
            assertThat(audit.toTable()).contains("released, kept unsold").contains(" 3");
        }
    }
}
