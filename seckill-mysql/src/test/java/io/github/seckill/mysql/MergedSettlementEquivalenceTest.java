package io.github.seckill.mysql;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemoryStockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Merged settlement gives exactly the rows of locking the same orders one by one, on a randomized input: several
 * activities, quantities 1 to 3 (so an order that does not fit is sold out while a later, smaller one still fits),
 * repeated users and order ids, admission-time ties, batches out of admission order and larger than the transaction
 * limit. The merged and the per-order ledger each get a database of their own, so ids are equal and whole tables can
 * be compared; the in-memory ledger is the reference for both.
 */
@WithMariaDb
class MergedSettlementEquivalenceTest {

    private static final long[] STOCKS = {40, 130, 7, 0, 400};
    private static final int ORDERS = 2_500;

    private static TestDatabase mergedDb;
    private static TestDatabase singleDb;

    @BeforeAll
    static void openDatabases(MariaDbEndpoint endpoint) {
        mergedDb = TestDatabase.open(endpoint, 4);
        singleDb = TestDatabase.open(endpoint.createFreshDatabase("MergedSettlementSingle"), 4);
    }

    @AfterAll
    static void closeDatabases() {
        mergedDb.close();
        singleDb.close();
    }

    @Test
    void mergedBatchesAndSingleLocksWriteTheSameRows() {
        StockLedger merged = SeckillMySql.builder(mergedDb.pool).maxBatchSize(16).build().stockLedger();
        StockLedger single = SeckillMySql.create(singleDb.pool).stockLedger();
        StockLedger reference = new InMemoryStockLedger();
        OpenWindow window = OpenWindow.now();
        for (int a = 0; a < STOCKS.length; a++) {
            LedgerActivity activity = window.ledgerActivity(a + 1, 100 + a, STOCKS[a], Duration.ofMinutes(5));
            for (StockLedger ledger : List.of(merged, single, reference)) {
                assertThat(ledger.defineActivity(activity)).isTrue();
            }
        }
        Random random = new Random(20_240_611);
        List<OrderMessage> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            // activity 6 is never defined; users repeat; admission times tie often
            long activity = 1 + random.nextInt(STOCKS.length + 1);
            orders.add(order(10_000 + i).activity(activity).user(1 + random.nextInt(900))
                    .quantity(1 + random.nextInt(3)).shard(random.nextInt(4))
                    .admittedAt(5_000 + random.nextInt(ORDERS / 2)).build());
        }
        List<List<OrderMessage>> batches = new ArrayList<>();
        for (int from = 0; from < orders.size(); ) {
            int size = 1 + random.nextInt(120);
            List<OrderMessage> batch = new ArrayList<>(orders.subList(from, Math.min(from + size, orders.size())));
            if (!batches.isEmpty() && random.nextBoolean()) {
                List<OrderMessage> earlier = batches.get(random.nextInt(batches.size()));
                batch.add(earlier.get(random.nextInt(earlier.size())));  // redelivered
            }
            batch.add(batch.get(random.nextInt(batch.size())));  // repeated within the batch
            Collections.shuffle(batch, random);
            batches.add(batch);
            from += size;
        }

        for (List<OrderMessage> batch : batches) {
            List<Settlement> viaMerge = merged.settle(batch);
            List<Settlement> viaReference = reference.settle(batch);
            assertThat(viaMerge).isEqualTo(viaReference);
            // the per-order path, in the order merged settlement promises: by activity, first come first served
            List<Settlement> viaLock = new ArrayList<>();
            for (OrderMessage m : inSettlementOrder(batch)) {
                viaLock.add(single.lock(m));
            }
            assertThat(viaLock).containsExactlyInAnyOrderElementsOf(viaMerge);
        }

        for (TestDatabase db : List.of(mergedDb, singleDb)) {
            assertThat(db.number("SELECT COUNT(*) FROM seckill_activity"
                    + " WHERE available < 0 OR locked < 0 OR sold < 0 OR available + locked + sold <> total_stock"))
                    .isZero();
        }
        String activities = "SELECT activity_id, total_stock, available, locked, sold FROM seckill_activity"
                + " ORDER BY activity_id";
        String orderRows = "SELECT order_id, activity_id, user_id, quantity, shard, status, admitted_at_millis"
                + " FROM seckill_order ORDER BY order_id";
        String rejections = "SELECT order_id, activity_id, user_id, quantity, shard, status, reason"
                + " FROM seckill_order_rejection ORDER BY order_id";
        assertThat(mergedDb.rows(activities)).isEqualTo(singleDb.rows(activities));
        assertThat(mergedDb.rows(orderRows)).isEqualTo(singleDb.rows(orderRows));
        assertThat(mergedDb.rows(rejections)).isEqualTo(singleDb.rows(rejections));
        for (int a = 1; a <= STOCKS.length + 1; a++) {
            assertThat(merged.stock(a)).isEqualTo(reference.stock(a));
            assertThat(merged.countOrders(a)).isEqualTo(reference.countOrders(a));
        }
        for (OrderMessage m : orders) {
            assertThat(merged.findOrder(m.orderId()).orElseThrow().status())
                    .as("order %d", m.orderId())
                    .isEqualTo(reference.findOrder(m.orderId()).orElseThrow().status());
        }
        // the input exercised every outcome
        assertThat(mergedDb.rows("SELECT DISTINCT status FROM seckill_order ORDER BY status"))
                .containsExactly(List.of("PENDING_PAYMENT"), List.of("SOLD_OUT"));
        assertThat(mergedDb.rows("SELECT DISTINCT reason FROM seckill_order_rejection ORDER BY reason"))
                .containsExactly(List.of("DUPLICATE_USER"), List.of("UNKNOWN_ACTIVITY"));
        assertThat(mergedDb.number("SELECT COUNT(*) FROM seckill_order o WHERE status = 'SOLD_OUT' AND EXISTS ("
                + " SELECT 1 FROM seckill_order later WHERE later.activity_id = o.activity_id"
                + " AND later.status = 'PENDING_PAYMENT' AND later.quantity < o.quantity"
                + " AND later.admitted_at_millis > o.admitted_at_millis)")).isPositive();
    }

    /** Distinct orders grouped by activity in first-seen order, each group first come first served. */
    private static List<OrderMessage> inSettlementOrder(List<OrderMessage> batch) {
        Map<Long, OrderMessage> distinct = new LinkedHashMap<>();
        batch.forEach(m -> distinct.putIfAbsent(m.orderId(), m));
        Map<Long, List<OrderMessage>> byActivity = new LinkedHashMap<>();
        distinct.values().forEach(m -> byActivity.computeIfAbsent(m.activityId(), k -> new ArrayList<>()).add(m));
        List<OrderMessage> sequence = new ArrayList<>();
        for (List<OrderMessage> group : byActivity.values()) {
            group.sort(Comparator.comparingLong(OrderMessage::admittedAtMillis).thenComparingLong(OrderMessage::orderId));
            sequence.addAll(group);
        }
        return sequence;
    }
}
