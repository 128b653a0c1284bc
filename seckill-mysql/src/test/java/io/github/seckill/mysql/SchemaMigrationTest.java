package io.github.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.testkit.server.MariaDbEndpoint;
import io.github.seckill.testkit.server.WithMariaDb;
import io.github.seckill.testkit.tck.Tck;
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

    private static final List<String> TABLES =
            List.of("seckill_activity", "seckill_order", "seckill_order_rejection", "seckill_schema_version");

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
                    .containsExactly(List.of(1L, "V1__ledger.sql"));
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
            assertThat(applied).hasSize(instances * 3).containsOnlyOnce(List.of(1))
                    .filteredOn(List::isEmpty).hasSize(instances * 3 - 1);
            assertThat(pools.get(0).number("SELECT COUNT(*) FROM seckill_schema_version")).isEqualTo(1);
            assertThat(tables(pools.get(0))).containsExactlyElementsOf(TABLES);
        } finally {
            pools.forEach(TestDatabase::close);
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
        Instant start = Instant.now();
        ledger.defineActivity(new LedgerActivity(1, 1, 10, start, start.plusSeconds(60), Duration.ofMinutes(1)));

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

        ledger.lock(new OrderMessage(1, 1, 1, 1, 0, 1));
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
