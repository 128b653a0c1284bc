package io.github.seckill.testservers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A database on a MariaDB (or MySQL) server: a JDBC URL for {@code com.mysql:mysql-connector-j}, such as
 * {@code jdbc:mysql://127.0.0.1:PORT/seckill}, with a user and password that can connect over TCP.
 *
 * <p>{@link #createFreshDatabase(String)} gives a test class an empty database of its own on the same server.
 * When the harness started the server, it can also be stopped, killed and started again for fault tests.
 * Instances are immutable.
 */
public final class MariaDbEndpoint extends ServerEndpoint {

    private static final int MAX_NAME_HINT = 40;

    private final String jdbcUrl;
    private final String user;
    private final String password;

    MariaDbEndpoint(String jdbcUrl, String user, String password, @Nullable ServerControl control) {
        super(control);
        if (!jdbcUrl.startsWith("jdbc:") || !jdbcUrl.contains("//")) {
            throw new IllegalArgumentException("Not a JDBC URL of the form jdbc:mysql://host:port/database: " + jdbcUrl);
        }
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The JDBC URL, e.g. {@code jdbc:mysql://127.0.0.1:3306/seckill}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The database named in the JDBC URL, or an empty string if it names none. */
    public String database() {
        int[] span = databaseSpan(jdbcUrl);
        return jdbcUrl.substring(span[0], span[1]);
    }

    /**
     * Creates an empty database with a new unique name that starts with {@code nameHint} (for instance the
     * test class' simple name) and returns an endpoint for it, with the same server, user and password. Test
     * classes that each use their own database do not see each other's tables.
     *
     * <p>Needs a MySQL-protocol JDBC driver on the classpath and, for an external server, a user allowed to
     * {@code CREATE DATABASE}.
     */
    public MariaDbEndpoint createFreshDatabase(String nameHint) {
        String name = uniqueDatabaseName(nameHint);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                  Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " through " + jdbcUrl + " as " + user
                    + (e.getMessage() != null && e.getMessage().contains("No suitable driver")
                            ? "; add com.mysql:mysql-connector-j to the test classpath" : ""), e);
        }
        return withDatabase(name);
    }

    /** The same server, user and password, with {@code database} in the JDBC URL instead. */
    public MariaDbEndpoint withDatabase(String database) {
        int[] span = databaseSpan(jdbcUrl);
        String separator = jdbcUrl.charAt(span[0] - 1) == '/' ? "" : "/";
        String url = jdbcUrl.substring(0, span[0]) + separator + database + jdbcUrl.substring(span[1]);
        return new MariaDbEndpoint(url, user, password, control());
    }

    static String uniqueDatabaseName(String nameHint) {
        String hint = nameHint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (hint.length() > MAX_NAME_HINT) {
            hint = hint.substring(0, MAX_NAME_HINT);
        }
        return (hint.isEmpty() ? "test" : hint) + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Start and end of the database name in a {@code jdbc:sub://authority/database?options} URL. */
    private static int[] databaseSpan(String url) {
        int authorityStart = url.indexOf("//") + 2;
        int optionsStart = url.indexOf('?', authorityStart);
        int end = optionsStart < 0 ? url.length() : optionsStart;
        int slash = url.indexOf('/', authorityStart);
        if (slash < 0 || slash > end) {
            return new int[] {end, end};
        }
        return new int[] {slash + 1, end};
    }

    @Override
    String describe() {
        return "The database server at " + jdbcUrl;
    }

    @Override
    public String toString() {
        return "MariaDbEndpoint[" + jdbcUrl + ", user " + user + (isControllable() ? "]" : ", external]");
    }
}
