/**
 * The MySQL stock ledger: {@link io.github.seckill.ledger.StockLedger} on plain JDBC over the user's
 * {@link javax.sql.DataSource}, for MySQL 8.0.16+ and MariaDB 10.6+.
 *
 * <p>{@link io.github.seckill.mysql.SeckillMySql} is the entry point: it migrates the schema (versioned scripts in
 * {@code db/seckill/}) and builds the ledger. Every ledger call is one or a few short READ COMMITTED transactions
 * that take order rows first and the hot activity row last, right before the commit; units only move by guarded
 * updates ({@code available >= n}); merged settlement decides a whole batch of an activity with one guarded update;
 * status transitions are guarded ({@code WHERE status = 'PENDING_PAYMENT'}) so a payment racing a timeout moves units
 * once; the timeout sweep claims orders with {@code FOR UPDATE SKIP LOCKED}, so several instances share it.
 * {@link io.github.seckill.mysql.MySqlDataSources} builds a connection pool configured for it, if HikariCP is on the
 * class path.
 */
@NullMarked
package io.github.seckill.mysql;

import org.jspecify.annotations.NullMarked;
