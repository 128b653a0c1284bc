package io.github.seckill.mysql;

import static io.github.seckill.tck.OrderMessageBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.ledger.Settlement;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.ledger.StockSnapshot;
import io.github.seckill.queue.OrderMessage;
import io.github.seckill.tck.OpenWindow;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.junit.WithMariaDb;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Infrastructure failures are {@link BackendUnavailableException}s; lock waits are retried; bad input is typed. */
@WithMariaDb
class FailureTest {

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
    void aRefusedConnectionIsBackendUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HikariConfig config = MySqlDataSources.hikariConfig(
                "jdbc:mysql://127.0.0.1:" + closedPort + "/nowhere", "seckill", "seckill");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(500);
        try (HikariDataSource unreachable = new HikariDataSource(config)) {
            SeckillMySql mysql = SeckillMySql.create(unreachable);
            assertThatThrownBy(() -> mysql.stockLedger().lock(order(1).admittedAt(1).build()))
                    .isInstanceOf(BackendUnavailableException.class)
                    .satisfies(e -> assertThat(((BackendUnavailableException) e).backend()).isEqualTo("mysql"));
            assertThatThrownBy(mysql::migrate).isInstanceOf(BackendUnavailableException.class);
        }
    }

    @Test
    void anExhaustedPoolIsBackendUnavailableAndLosesNothing() throws Exception {
        try (TestDatabase tiny = TestDatabase.open(server.createFreshDatabase("ExhaustedPool"), 1,
                config -> config.setConnectionTimeout(250))) {
            StockLedger ledger = SeckillMySql.create(tiny.pool).stockLedger();
            ledger.defineActivity(OpenWindow.now().ledgerActivity(1, 1, 5, Duration.ofMinutes(1)));
            OrderMessage order = order(1).admittedAt(1).build();
            try (Connection held = tiny.pool.getConnection()) {
                assertThatThrownBy(() -> ledger.lock(order)).isInstanceOf(BackendUnavailableException.class);
                held.rollback();
            }
            assertThat(ledger.findOrder(order.orderId())).isEmpty();
            assertThat(ledger.lock(order).outcome()).isEqualTo(Settlement.Outcome.LOCKED);
            assertThat(ledger.stock(1)).contains(new StockSnapshot(1, 5, 4, 1, 0));
        }
    }

    @Test
    void aMissingSchemaIsBackendUnavailable() {
        try (TestDatabase empty = TestDatabase.unmigrated(server.createFreshDatabase("NoSchema"), 1)) {
            assertThatThrownBy(() -> SeckillMySql.create(empty.pool).stockLedger().stock(1))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("seckill_activity");
        }
    }

    /** A lock-wait timeout rolls the transaction back; the ledger runs it again and the order is settled once. */
    @Test
    void aLockWaitTimeoutIsRetriedTransparently() throws Exception {
        try (TestDatabase impatient = TestDatabase.open(server.createFreshDatabase("LockWait"), 2,
                config -> config.setConnectionInitSql("SET SESSION innodb_lock_wait_timeout = 1"))) {
            CountDownLatch retried = new CountDownLatch(1);
            AtomicReference<Throwable> cause = new AtomicReference<>();
            StockLedger ledger = SeckillMySql.builder(impatient.pool).listener(new MySqlLedgerListener() {
                @Override
                public void retried(String operation, int attempt, Throwable why) {
                    cause.compareAndSet(null, why);
                    retried.countDown();
                }
            }).build().stockLedger();
            ledger.defineActivity(OpenWindow.now().ledgerActivity(1, 1, 5, Duration.ofMinutes(1)));
            OrderMessage order = order(1).quantity(2).admittedAt(1).build();
            CompletableFuture<Settlement> settled;
            try (Connection blocker = impatient.pool.getConnection();
                    PreparedStatement lockRow = blocker.prepareStatement(
                            "SELECT available FROM seckill_activity WHERE activity_id = 1 FOR UPDATE")) {
                lockRow.executeQuery().close();
                settled = CompletableFuture.supplyAsync(() -> ledger.lock(order));
                assertThat(retried.await(30, TimeUnit.SECONDS)).isTrue();
                blocker.rollback();
            }
            assertThat(settled.get(30, TimeUnit.SECONDS)).isEqualTo(
                    new Settlement(1, Settlement.Outcome.LOCKED, OrderStatus.PENDING_PAYMENT));
            assertThat(cause.get()).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1205));
            assertThat(impatient.rows("SELECT available, locked FROM seckill_activity"))
                    .containsExactly(List.of(3L, 2L));
            assertThat(impatient.number("SELECT COUNT(*) FROM seckill_order")).isEqualTo(1);
        }
    }

    @Test
    void badInputIsATypedExceptionAndWritesNothing() {
        StockLedger ledger = SeckillMySql.create(db.pool).stockLedger();
        Instant ancient = Instant.parse("0500-01-01T00:00:00Z");
        assertThatThrownBy(() -> ledger.defineActivity(new LedgerActivity(9, 1, 5, ancient,
                ancient.plusSeconds(60), Duration.ofMinutes(1))))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("startsAt"));
        assertThatThrownBy(() -> ledger.defineActivity(new LedgerActivity(9, 1, 5, Instant.now(),
                Instant.now().plusSeconds(60), Duration.ofDays(365L * 100_000))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(ledger.stock(9)).isEmpty();
        assertThatThrownBy(() -> ledger.lock(null)).isInstanceOf(NullPointerException.class);
        assertThat(ledger.releaseExpired(Instant.now(), 0)).isEmpty();
        assertThatThrownBy(() -> SeckillMySql.builder(db.pool).maxBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeckillMySql.builder(db.pool).maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subSecondPaymentTimeoutsAreKeptToTheMillisecond() {
        StockLedger ledger = SeckillMySql.create(db.pool).stockLedger();
        ledger.defineActivity(OpenWindow.now().ledgerActivity(20, 1, 5, Duration.ofMillis(1_500)));
        assertThat(db.rows("SELECT payment_timeout_seconds FROM seckill_activity WHERE activity_id = 20").get(0).get(0)
                .toString()).isEqualTo("1.500");
        ledger.lock(order(200).activity(20).admittedAt(1).build());
        Instant created = ledger.findOrder(200).orElseThrow().createdAt();
        assertThat(ledger.releaseExpired(created.plusMillis(1_499), 10)).isEmpty();
        assertThat(ledger.releaseExpired(created.plusMillis(1_500), 10)).hasSize(1);
    }

    /**
     * A sweep closes orders in several transactions (one per activity and chunk). When a later one fails, the orders
     * the earlier ones closed must still be handed to the caller, which gives their units back to admission: no later
     * sweep will ever see them again.
     */
    @Test
    void aSweepThatFailsHalfWayStillReturnsTheOrdersItClosed() throws Exception {
        try (TestDatabase impatient = TestDatabase.open(server.createFreshDatabase("SweepHalfWay"), 2,
                config -> config.setConnectionInitSql("SET SESSION innodb_lock_wait_timeout = 1"))) {
            StockLedger ledger = SeckillMySql.builder(impatient.pool).maxAttempts(1).build().stockLedger();
            OpenWindow window = OpenWindow.now();
            for (long activity = 1; activity <= 2; activity++) {
                ledger.defineActivity(window.ledgerActivity(activity, 1, 5, Duration.ofMinutes(1)));
            }
            ledger.lock(order(1).admittedAt(1).build());
            ledger.lock(order(2).activity(2).admittedAt(1).build());
            Instant later = Instant.now().plus(Duration.ofMinutes(2));
            List<Long> returned = new java.util.ArrayList<>();
            try (Connection blocker = impatient.pool.getConnection();
                    PreparedStatement lockRow = blocker.prepareStatement(
                            "SELECT available FROM seckill_activity WHERE activity_id = 2 FOR UPDATE")) {
                lockRow.executeQuery().close();
                try {
                    ledger.releaseExpired(later, 10).forEach(r -> returned.add(r.orderId()));
                } catch (BackendUnavailableException e) {
                    // the sweep may fail, as long as it hands over what it closed
                }
                blocker.rollback();
            }
            ledger.releaseExpired(later, 10).forEach(r -> returned.add(r.orderId()));
            List<Long> closed = impatient.rows("SELECT order_id FROM seckill_order WHERE status = 'CLOSED'"
                    + " ORDER BY order_id").stream().map(row -> (Long) row.get(0)).toList();
            assertThat(closed).containsExactly(1L, 2L);
            assertThat(returned).as("every closed order is returned by exactly one sweep")
                    .containsExactlyInAnyOrderElementsOf(closed);
            assertThat(impatient.rows("SELECT available, locked FROM seckill_activity ORDER BY activity_id"))
                    .containsExactly(List.of(5L, 0L), List.of(5L, 0L));
        }
    }
}
