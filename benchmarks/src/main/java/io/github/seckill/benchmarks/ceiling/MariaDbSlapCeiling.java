package io.github.seckill.benchmarks.ceiling;

import com.zaxxer.hikari.HikariDataSource;
import io.github.seckill.benchmarks.report.Figure;
import io.github.seckill.benchmarks.report.Scorecard;
import io.github.seckill.ledger.LedgerActivity;
import io.github.seckill.mysql.MySqlDataSources;
import io.github.seckill.mysql.SeckillMySql;
import io.github.seckill.testservers.MariaDbEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mariadb-slap} against the benchmarks' MariaDB, on the ledger's own tables (created by seckill-mysql's
 * migration): one guarded UPDATE of the hot
 * stock row per transaction at several client counts, and a merged transaction (a multi-row INSERT of orders plus one
 * guarded UPDATE) from one client. Rates come from the rows the tool changed, counted in the database, over the time
 * it reports.
 */
public final class MariaDbSlapCeiling {

    /** Orders per merged transaction, the queue's batch size. */
    public static final int MERGED_ROWS = 500;
    private static final long ACTIVITY = 1;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern AVERAGE = Pattern.compile("Average number of seconds to run all queries: ([0-9.]+)");

    private final MariaDbEndpoint server;
    private final Path scratch;

    /**
     * @param server the server (a fresh database is created on it)
     * @param scratch a directory for the query files
     */
    public MariaDbSlapCeiling(MariaDbEndpoint server, Path scratch) {
        this.server = server;
        this.scratch = scratch;
    }

    /**
     * @param clientCounts client counts for the guarded UPDATE
     * @param updatesPerClientCount UPDATEs per client count, shared among its clients
     * @param mergedTransactions merged transactions
     * @return the figures
     */
    public List<Figure> measure(List<Integer> clientCounts, int updatesPerClientCount, int mergedTransactions) {
        MariaDbEndpoint db = server.createFreshDatabase("ceiling");
        try {
            createTables(db);
            List<Figure> figures = new ArrayList<>();
            String update = "UPDATE seckill_activity SET available = available - 1, locked = locked + 1,"
                    + " updated_at = NOW(6) WHERE activity_id = " + ACTIVITY + " AND available >= 1";
            for (int clients : clientCounts) {
                long before = available(db);
                Slap slap = slap(db, update, clients, updatesPerClientCount);
                long updates = before - available(db);
                figures.add(new Figure(Scorecard.MARIADB_UPDATE + clients,
                        "mariadb-slap guarded UPDATE, " + clients + (clients == 1 ? " client" : " clients"),
                        updates / slap.seconds, "updates/s", slap.commandLine));
            }
            long ordersBefore = orders(db);
            Slap merged = slap(db, mergedTransaction(), 1, mergedTransactions * 4);
            long orders = orders(db) - ordersBefore;
            figures.add(new Figure(Scorecard.MARIADB_MERGED,
                    "mariadb-slap BEGIN; " + MERGED_ROWS + "-row INSERT; guarded UPDATE; COMMIT, 1 client",
                    orders / merged.seconds, "orders/s", merged.commandLine));
            return figures;
        } finally {
            drop(db);
        }
    }

    /** The merged transaction: new orders with unique ids and users, then their units off the hot row. */
    static String mergedTransaction() {
        StringBuilder sql = new StringBuilder("BEGIN;INSERT INTO seckill_order (order_id, activity_id, user_id,"
                + " quantity, shard, status, failure_reason, admitted_at_millis, created_at, updated_at) VALUES ");
        for (int i = 0; i < MERGED_ROWS; i++) {
            sql.append(i == 0 ? "" : ",").append("(UUID_SHORT(),").append(ACTIVITY)
                    .append(",UUID_SHORT(),1,0,'PENDING_PAYMENT',NULL,0,NOW(6),NOW(6))");
        }
        sql.append(";UPDATE seckill_activity SET available = available - ").append(MERGED_ROWS)
                .append(", locked = locked + ").append(MERGED_ROWS).append(", updated_at = NOW(6) WHERE activity_id = ")
                .append(ACTIVITY).append(" AND available >= ").append(MERGED_ROWS).append(";COMMIT");
        return sql.toString();
    }

    private record Slap(double seconds, String commandLine) {
    }

    private Slap slap(MariaDbEndpoint db, String query, int clients, int queries) {
        Path file;
        try {
            file = Files.createTempFile(scratch, "slap-", ".sql");
            Files.writeString(file, query, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        List<String> line = List.of(tool(), "--host=" + uri.getHost(), "--port=" + uri.getPort(),
                "--user=" + db.user(), "--password=" + db.password(), "--create-schema=" + db.database(),
                "--query=" + file, "--delimiter=;", "--concurrency=" + clients,
                "--number-of-queries=" + queries, "--iterations=1");
        double seconds = parseAverageSeconds(Command.run(line, null, TIMEOUT));
        String shown = String.join(" ", line).replace("--password=" + db.password(), "--password=***")
                .replace("--query=" + file, "--query=<" + (query.length() > 200 ? "merged transaction" : query) + ">");
        return new Slap(seconds, shown);
    }

    /**
     * @param output what {@code mariadb-slap} printed
     * @return the average seconds it took to run all queries
     * @throws CeilingException if it printed no such line, or a zero time (too few queries to time)
     */
    static double parseAverageSeconds(String output) {
        Matcher m = AVERAGE.matcher(output);
        if (!m.find()) {
            throw new CeilingException("mariadb-slap printed no average time: " + output.strip(), null);
        }
        double seconds = Double.parseDouble(m.group(1));
        if (!(seconds > 0)) {
            throw new CeilingException("mariadb-slap ran too few queries to time: " + output.strip(), null);
        }
        return seconds;
    }

    private static String tool() {
        for (String name : List.of("mariadb-slap", "mysqlslap")) {
            for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new CeilingException("neither mariadb-slap nor mysqlslap is installed (Debian: mariadb-client)", null);
    }

    /** The ledger's own tables, made by seckill-mysql's migration, with one activity that never sells out. */
    private static void createTables(MariaDbEndpoint db) {
        try (HikariDataSource pool = MySqlDataSources.hikari(db.jdbcUrl(), db.user(), db.password())) {
            SeckillMySql mysql = SeckillMySql.create(pool);
            mysql.migrate();
            Instant now = Instant.now();
            mysql.stockLedger().defineActivity(new LedgerActivity(ACTIVITY, ACTIVITY,
                    Long.parseLong(AdmissionScript.UNLIMITED_STOCK), now.minusSeconds(1), now.plus(Duration.ofDays(1)),
                    Duration.ofMinutes(15)));
        }
    }

    private static long available(MariaDbEndpoint db) {
        return queryLong(db, "SELECT available FROM seckill_activity WHERE activity_id = " + ACTIVITY);
    }

    private static long orders(MariaDbEndpoint db) {
        return queryLong(db, "SELECT COUNT(*) FROM seckill_order");
    }

    private static long queryLong(MariaDbEndpoint db, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new CeilingException("cannot count the ceiling's rows: " + e.getMessage(), e);
        }
    }

    private static void drop(MariaDbEndpoint db) {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + db.database() + "`");
        } catch (SQLException e) {
            // the server is thrown away at the end of the run anyway
        }
    }

    private static Connection connect(MariaDbEndpoint db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
