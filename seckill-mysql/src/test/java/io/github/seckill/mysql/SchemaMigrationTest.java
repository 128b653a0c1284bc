package io.github.seckill.mysql;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ledger.CancelRequest;
import io.github.seckill.ledger.ReleaseResult;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SeckillMySql#migrate()} and the constraints the schema enforces on its own. */
@WithMariaDb
class SchemaMigrationTest {

    private static final List<String> TABLES = List.of("seckill_activity", "seckill_lease", "seckill_order",
            "seckill_order_conflict", "seckill_order_rejection", "seckill_schema_version");

    private static MariaDbEndpoint server;
    private static TestDatabase db;

    @BeforeAll
    static void openDatabase(MariaDbEndpoint endpoint) {
        server = endpoint;
        db = TestDatabase.open(endpoint, 4);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Test
    void migratingTwiceAppliesEachVersionOnce() {
        try (TestDatabase fresh = TestDatabase.open(server.createFreshDatabase("MigrateTwice"), 2)) {
            // open() migrated once already
            assertThat(SeckillMySql.create(fresh.pool).migrate()).isEmpty();
            assertThat(SeckillMySql.create(fresh.pool).migrate()).isEmpty();
            assertThat(fresh.rows("SELECT version, script FROM seckill_schema_version"))
                    .containsExactly(List.of(1L, "V1__ledger.sql"), List.of(2L, "V2__reconciliation.sql"),
                            List.of(3L, "V3__cancel.sql"));
            assertThat(tables(fresh)).containsExactlyElementsOf(TABLES);
        }
    }

    @Test
    void concurrentMigrationsApplyEachVersionExactlyOnce() throws Exception {
        MariaDbEndpoint empty = server.createFreshDatabase("MigrateConcurrently");
        int instances = 6;
        List<TestDatabase> pools = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                pools.add(TestDatabase.unmigrated(empty, 2));
            }
            assertThat(tables(pools.get(0))).isEmpty();
            ConcurrentLinkedQueue<List<Integer>> applied = new ConcurrentLinkedQueue<>();
            Tck.runConcurrently(instances, instances * 3,
                    i -> applied.add(SeckillMySql.create(pools.get(i % instances).pool).migrate()));
            assertThat(applied).hasSize(instances * 3).containsOnlyOnce(List.of(1, 2, 3))
                    .filteredOn(List::isEmpty).hasSize(instances * 3 - 1);
            assertThat(pools.get(0).number("SELECT COUNT(*) FROM seckill_schema_version")).isEqualTo(3);
            assertThat(tables(pools.get(0))).containsExactlyElementsOf(TABLES);
        } finally {
            pools.forEach(TestDatabase::close);
        }
    }

    @Test
    void versionTwoUpgradesADatabaseOfVersionOneWithItsOrders() throws SQLException {
        MariaDbEndpoint old = server.createFreshDatabase("MigrateFromV1");
        try (TestDatabase v1 = TestDatabase.unmigrated(old, 2)) {
            assertThat(new SchemaMigrator(v1.pool, Duration.ofSeconds(30), Instant::now, List.of("V1__ledger.sql"))
                    .migrate()).containsExactly(1);
            Instant start = Instant.now().minusSeconds(60);
            StockLedger before = SeckillMySql.create(v1.pool).stockLedger();
            // Written with version 1's columns only, as a release of version 1 would.
            v1.execute("INSERT INTO seckill_activity (activity_id, sku_id, total_stock, available, locked, sold,"
                    + " starts_at, ends_at, payment_timeout_seconds, created_at, updated_at) VALUES (7, 7, 10, 8, 1, 1,"
                    + " NOW(6) - INTERVAL 1 MINUTE, NOW(6) + INTERVAL 1 HOUR, 300, NOW(6), NOW(6))");
            v1.execute("INSERT INTO seckill_order (order_id, activity_id, user_id, quantity, shard, status,"
                    + " admitted_at_millis, created_at, updated_at) VALUES (70, 7, 1, 1, 0, 'PENDING_PAYMENT', 1,"
                    + " NOW(6), NOW(6)), (71, 7, 2, 1, 0, 'PAID', 1, NOW(6), NOW(6))");
            assertThat(before.stock(7)).isPresent();

            assertThat(SeckillMySql.create(v1.pool).migrate()).containsExactly(2, 3);
            StockLedger after = SeckillMySql.create(v1.pool).stockLedger();
            assertThat(after.stock(7).orElseThrow()).isEqualTo(new StockSnapshot(7, 10, 8, 1, 1));
            assertThat(after.orders(7, 0, 10)).extracting(o -> o.orderId()).containsExactly(70L, 71L);
            assertThat(after.recordAdmissionLoad(7)).as("never loaded under version 1").isTrue();
            assertThat(after.settle(List.of(order(70).activity(7).user(3).admittedAt(2).build())).get(0).outcome())
                    .as("conflicts are recorded from now on").isEqualTo(Settlement.Outcome.CONFLICT);
            assertThat(SeckillMySql.create(v1.pool).leaseStore().tryAcquire(new io.github.seckill.lease.LeaseRequest(
                    "upgrade", "me", Instant.now(), Duration.ofSeconds(5)))).isTrue();
            assertThat(start).isBefore(Instant.now());
        }
    }

    @Test
    void anInterruptedUpgradeIsCompletedOnTheNextRun() throws SQLException {
        MariaDbEndpoint half = server.createFreshDatabase("MigrateInterrupted");
        try (TestDatabase db2 = TestDatabase.unmigrated(half, 2)) {
            new SchemaMigrator(db2.pool, Duration.ofSeconds(30), Instant::now, List.of("V1__ledger.sql")).migrate();
            // The first statement of version 2 ran, then the process died before the version was recorded.
            db2.execute("ALTER TABLE seckill_activity ADD COLUMN admission_loaded_at DATETIME(6) NULL");
            assertThat(SeckillMySql.create(db2.pool).migrate()).containsExactly(2, 3);
            assertThat(tables(db2)).containsExactlyElementsOf(TABLES);
        }
    }

    /** Version 3 on a database of version 1 with orders: they can be cancelled, with the reason kept. */
    @Test
    void versionThreeLetsOrdersOfVersionOneBeCancelledWithTheirReason() throws SQLException {
        MariaDbEndpoint old = server.createFreshDatabase("MigrateV1ToV3");
        try (TestDatabase v1 = TestDatabase.unmigrated(old, 2)) {
            new SchemaMigrator(v1.pool, Duration.ofSeconds(30), Instant::now, List.of("V1__ledger.sql")).migrate();
            v1.execute("INSERT INTO seckill_activity (activity_id, sku_id, total_stock, available, locked, sold,"
                    + " starts_at, ends_at, payment_timeout_seconds, created_at, updated_at) VALUES (8, 8, 10, 8, 1, 1,"
                    + " NOW(6) - INTERVAL 1 MINUTE, NOW(6) + INTERVAL 1 HOUR, 300, NOW(6), NOW(6))");
            v1.execute("INSERT INTO seckill_order (order_id, activity_id, user_id, quantity, shard, status,"
                    + " admitted_at_millis, created_at, updated_at) VALUES (80, 8, 1, 1, 0, 'PENDING_PAYMENT', 1,"
                    + " NOW(6), NOW(6)), (81, 8, 2, 1, 0, 'PAID', 1, NOW(6), NOW(6))");
            assertThatThrownBy(() -> v1.execute("UPDATE seckill_order SET status = 'CANCELLED' WHERE order_id = 80"))
                    .as("version 1 knows no cancel").isInstanceOf(SQLException.class);

            assertThat(SeckillMySql.create(v1.pool).migrate()).containsExactly(2, 3);
            // Version 3 again, as after a crash before it was recorded: one statement, so it simply runs again.
            v1.execute("ALTER TABLE seckill_order DROP CONSTRAINT seckill_order_status_ck, ADD CONSTRAINT"
                    + " seckill_order_status_ck CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'SOLD_OUT', 'CLOSED',"
                    + " 'FAILED', 'REFUND_REQUIRED', 'CANCELLED'))");
            StockLedger after = SeckillMySql.create(v1.pool).stockLedger();
            assertThat(after.cancel(CancelRequest.byBuyer(80, 1)).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
            assertThat(after.cancel(CancelRequest.byOperator(81, "risk: chargeback")).outcome())
                    .isEqualTo(ReleaseResult.Outcome.REFUNDED);
            assertThat(v1.rows("SELECT order_id, status, failure_reason FROM seckill_order WHERE activity_id = 8"
                    + " ORDER BY order_id")).containsExactly(
                    List.of(80L, "CANCELLED", "cancelled by the buyer"),
                    List.of(81L, "REFUND_REQUIRED", "risk: chargeback"));
            assertThat(after.stock(8).orElseThrow()).isEqualTo(new StockSnapshot(8, 10, 10, 0, 0));
            assertThatThrownBy(() -> v1.execute("UPDATE seckill_order SET status = 'SHIPPED' WHERE order_id = 80"))
                    .as("the check still refuses unknown statuses").isInstanceOf(SQLException.class)
                    .hasMessageContaining("seckill_order_status_ck");
        }
    }

    @Test
    void anEditedScriptIsRefused() throws SQLException {
        try (TestDatabase fresh = TestDatabase.open(server.createFreshDatabase("MigrateEdited"), 2)) {
            fresh.execute("UPDATE seckill_schema_version SET checksum = REPEAT('0', 64) WHERE version = 1");
            assertThatThrownBy(() -> SeckillMySql.create(fresh.pool).migrate())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("V1__ledger.sql");
        }
    }

    @Test
    void checkConstraintsRejectNegativeAndUnbalancedStock() throws SQLException {
        StockLedger ledger = SeckillMySql.create(db.pool).stockLedger();
        ledger.defineActivity(OpenWindow.now().ledgerActivity(1, 1, 10, Duration.ofMinutes(1)));

        assertThatThrownBy(() -> db.execute("UPDATE seckill_activity SET available = -1 WHERE activity_id = 1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("seckill_activity_");
        assertThatThrownBy(() -> db.execute(
                "UPDATE seckill_activity SET available = available - 11, locked = locked + 11 WHERE activity_id = 1"))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> db.execute("UPDATE seckill_activity SET sold = 1 WHERE activity_id = 1"))
                .as("available + locked + sold = total_stock")
                .isInstanceOf(SQLException.class).hasMessageContaining("seckill_activity_balance_ck");
        assertThat(db.rows("SELECT available, locked, sold FROM seckill_activity WHERE activity_id = 1"))
                .containsExactly(List.of(10L, 0L, 0L));

        ledger.lock(order(1).admittedAt(1).build());
        assertThatThrownBy(() -> db.execute("UPDATE seckill_order SET status = 'SHIPPED' WHERE order_id = 1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("seckill_order_status_ck");
        assertThatThrownBy(() -> db.execute("INSERT INTO seckill_order (order_id, activity_id, user_id, quantity,"
                + " shard, status, admitted_at_millis, created_at, updated_at)"
                + " VALUES (2, 1, 1, 1, 0, 'FAILED', 1, NOW(6), NOW(6))"))
                .as("one order per user and activity")
                .isInstanceOf(SQLException.class).hasMessageContaining("Duplicate");
    }

    private static List<String> tables(TestDatabase database) {
        return database.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " ORDER BY table_name").stream().map(row -> (String) row.get(0)).toList();
    }
}
