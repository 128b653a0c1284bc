/**
 * The MySQL stock ledger: {@link io.github.seckill.ledger.StockLedger} on plain JDBC over the user's
 * {@link javax.sql.DataSource}, for MySQL 8.0.16+ and MariaDB 10.6+.
 *
 * <p>{@link io.github.seckill.mysql.SeckillMySql} is the entry point: it migrates the schema (versioned scripts in
 * {@code db/seckill/}) and builds the {@link io.github.seckill.mysql.MySqlStockLedger}.
 * {@link io.github.seckill.mysql.MySqlDataSources} builds a connection pool configured for it, if HikariCP is on the
 * class path.
 */
@NullMarked
package io.github.seckill.mysql;

import org.jspecify.annotations.NullMarked;
