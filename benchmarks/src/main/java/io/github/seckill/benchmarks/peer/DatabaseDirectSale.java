package io.github.seckill.benchmarks.peer;

import io.github.seckill.benchmarks.SaleUnderTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * The flash sale most tutorial projects ship: every attempt runs, synchronously and in one transaction, a guarded
 * {@code UPDATE goods SET stock = stock - 1 WHERE ... AND stock > 0} on the item's row and an order INSERT whose
 * unique key allows one order per user. Correct, and bound by durable commits on one hot row.
 */
public final class DatabaseDirectSale implements SaleUnderTest {

    private static final long GOODS = 1;
    private final DataSource dataSource;
    private final ExecutorService workers;

    /**
     * Creates the tables with {@code stock} units.
     *
     * @param dataSource an empty database, with a pool of at least {@code workers} connections
     * @param stock units on sale
     * @param workers threads running attempts for {@link #buy}, one connection each
     */
    public DatabaseDirectSale(DataSource dataSource, long stock, int workers) {
        this.dataSource = dataSource;
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "db-direct-sale");
            t.setDaemon(true);
            return t;
        });
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS goods (goods_id BIGINT NOT NULL PRIMARY KEY,"
                    + " stock BIGINT NOT NULL, CHECK (stock >= 0)) ENGINE=InnoDB");
            s.execute("CREATE TABLE IF NOT EXISTS goods_order (order_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " goods_id BIGINT NOT NULL, user_id BIGINT NOT NULL, created_at DATETIME(6) NOT NULL,"
                    + " UNIQUE KEY goods_order_user_uk (goods_id, user_id)) ENGINE=InnoDB");
            s.execute("INSERT INTO goods (goods_id, stock) VALUES (" + GOODS + ", " + stock + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database-direct tables", e);
        }
    }

    /**
     * One attempt, on the calling thread.
     *
     * @param userId the buyer
     * @return whether the buyer got a unit (false when sold out or when the user already has an order)
     */
    @Override
    public boolean buyNow(long userId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement take = c.prepareStatement(
                    "UPDATE goods SET stock = stock - 1 WHERE goods_id = ? AND stock > 0");
                 PreparedStatement order = c.prepareStatement(
                         "INSERT INTO goods_order (goods_id, user_id, created_at) VALUES (?, ?, NOW(6))")) {
                take.setLong(1, GOODS);
                if (take.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                order.setLong(1, GOODS);
                order.setLong(2, userId);
                order.executeUpdate();
                c.commit();
                return true;
            } catch (SQLIntegrityConstraintViolationException duplicate) {
                c.rollback();
                return false;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database-direct attempt failed", e);
        }
    }

    @Override
    public CompletionStage<Boolean> buy(long userId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return buyNow(userId);
            } catch (RuntimeException e) {
                throw new CompletionException(e);
            }
        }, workers);
    }

    /** @return orders recorded */
    public long orders() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM goods_order")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
