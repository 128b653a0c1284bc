package io.github.seckill.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Applies the versioned scripts in {@code db/seckill/} that the database has not seen, recording each in
 * {@code seckill_schema_version}. Instances migrating the same database at once take turns on a named server lock
 * ({@code GET_LOCK}), so each script runs once; the scripts also use {@code IF NOT EXISTS}, so a script interrupted
 * half-way (DDL is not transactional in MySQL) can run again. The script names follow Flyway's convention, so
 * operators may apply them with Flyway instead.
 */
final class SchemaMigrator {

    /** Where the scripts are, on the class path. */
    static final String LOCATION = "db/seckill/";
    /** Every script, in version order; a new version is appended here. */
    static final List<String> SCRIPTS = List.of("V1__ledger.sql", "V2__reconciliation.sql", "V3__cancel.sql");
    /** A column or an index that exists already: the statement ran before, in an interrupted run of its script. */
    private static final int ER_DUP_FIELDNAME = 1060;
    private static final int ER_DUP_KEYNAME = 1061;

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    /** The longest lock name MySQL accepts. */
    private static final int MAX_LOCK_NAME = 64;

    private final DataSource dataSource;
    private final Duration lockTimeout;
    private final InstantSource clock;
    private final List<String> scripts;

    SchemaMigrator(DataSource dataSource, Duration lockTimeout, InstantSource clock) {
        this(dataSource, lockTimeout, clock, SCRIPTS);
    }

    /** A migrator that knows only the first scripts: a database of an older release, for upgrade tests. */
    SchemaMigrator(DataSource dataSource, Duration lockTimeout, InstantSource clock, List<String> scripts) {
        this.dataSource = dataSource;
        this.lockTimeout = lockTimeout;
        this.clock = clock;
        this.scripts = List.copyOf(scripts);
    }

    /** @return the versions applied by this call, empty if the schema was up to date */
    List<Integer> migrate() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.setAutoCommit(true);
            }
            String lock = lockName(c);
            acquire(c, lock);
            try {
                return applyPending(c);
            } finally {
                release(c, lock);
                if (!autoCommit) {
                    c.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            throw Transactor.unavailable("migrate", e);
        }
    }

    private List<Integer> applyPending(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS seckill_schema_version ("
                    + " version INT NOT NULL, description VARCHAR(200) NOT NULL, script VARCHAR(200) NOT NULL,"
                    + " checksum CHAR(64) NOT NULL, installed_at DATETIME(6) NOT NULL, PRIMARY KEY (version)"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT version, checksum FROM seckill_schema_version")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        List<Integer> appliedNow = new ArrayList<>();
        for (String name : scripts) {
            Matcher m = SCRIPT_NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("Not a versioned script name: " + name);
            }
            int version = Integer.parseInt(m.group(1));
            String script = read(name);
            String checksum = sha256(script);
            String known = applied.get(version);
            if (known != null) {
                if (!known.equals(checksum)) {
                    throw new IllegalStateException("Schema script " + name + " differs from the version " + version
                            + " applied to this database; never edit an applied script, add a new version");
                }
                continue;
            }
            try (Statement s = c.createStatement()) {
                for (String statement : statements(script)) {
                    try {
                        s.execute(statement);
                    } catch (SQLException e) {
                        if (e.getErrorCode() != ER_DUP_FIELDNAME && e.getErrorCode() != ER_DUP_KEYNAME) {
                            throw e;
                        }
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO seckill_schema_version"
                    + " (version, description, script, checksum, installed_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setInt(1, version);
                s.setString(2, m.group(2).replace('_', ' '));
                s.setString(3, name);
                s.setString(4, checksum);
                s.setObject(5, Sql.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)));
                s.executeUpdate();
            }
            appliedNow.add(version);
        }
        return appliedNow;
    }

    private void acquire(Connection c, String lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            s.setString(1, lock);
            s.setLong(2, Math.max(1, (lockTimeout.toMillis() + 999) / 1000));
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                if (rows.getInt(1) != 1) {
                    throw new SQLException("Another instance held the migration lock " + lock + " for longer than "
                            + lockTimeout, "HY000");
                }
            }
        }
    }

    private static void release(Connection c, String lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            s.setString(1, lock);
            s.executeQuery().close();
        }
    }

    /** Server locks are global: name the lock after the database, so databases migrate independently. */
    private static String lockName(Connection c) throws SQLException {
        String catalog = c.getCatalog();
        String name = "seckill.migrate." + (catalog == null ? "" : catalog);
        return name.length() <= MAX_LOCK_NAME ? name : "seckill.migrate." + sha256(name).substring(0, 40);
    }

    private static String read(String name) {
        String path = LOCATION + name;
        // through the class, not its loader: on the module path the scripts are this module's own resources
        try (InputStream in = SchemaMigrator.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("Schema script " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read schema script " + path, e);
        }
    }

    /** Splits a script into statements: each ends with {@code ;} at the end of a line; {@code --} lines are comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("Schema script ends without ';': " + current.toString().strip());
        }
        return statements;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
