package io.github.seckill.testservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server ({@code mariadbd}, or {@code mysqld} where that is what is installed) in a child process,
 * with a data directory initialised by {@code mariadb-install-db} (or {@code mysql_install_db}) in its own
 * temporary directory, listening on a loopback port. It runs as the current operating-system user, reads no
 * option files and skips name resolution. At every start an init file creates the database and a user that
 * may do anything over TCP, so {@link #jdbcUrl()} works with {@code com.mysql:mysql-connector-j}.
 *
 * <pre>{@code
 * try (MariaDbServer db = MariaDbServer.builder().serverOption("innodb_flush_log_at_trx_commit", "2").start()) {
 *   Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
 *   ...
 * }
 * }</pre>
 */
public final class MariaDbServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Unix socket paths longer than this do not fit in {@code sockaddr_un}. */
    private static final int MAX_SOCKET_PATH = 100;

    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final ServerProcess process;

    private MariaDbServer(Builder settings, Path binary, int port, Path directory) {
        super(directory, settings.startupTimeout, STOP_GRACE);
        this.port = port;
        this.database = settings.database;
        this.user = settings.user;
        this.password = settings.password;
        Path socket = directory.resolve("mysqld.sock");
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            socket = Path.of("/tmp", "seckill-" + ProcessHandle.current().pid() + "-" + port + ".sock");
        }
        Path initFile = directory.resolve("init.sql");
        writeInitFile(initFile);

        Map<String, @Nullable String> options = new LinkedHashMap<>();
        options.put("user", osUser());
        options.put("datadir", directory.resolve("data").toString());
        options.put("socket", socket.toString());
        options.put("pid-file", directory.resolve("mysqld.pid").toString());
        options.put("tmpdir", directory.toString());
        options.put("port", Integer.toString(port));
        options.put("bind-address", FreePorts.LOOPBACK);
        options.put("skip-name-resolve", null);
        options.put("init-file", initFile.toString());
        options.put("character-set-server", "utf8mb4");
        options.putAll(settings.serverOptions);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-defaults"));
        options.forEach((name, value) -> command.add("--" + name + (value == null || value.isEmpty() ? "" : "=" + value)));
        this.process = new ServerProcess("MariaDB " + FreePorts.LOOPBACK + ":" + port, command, directory,
                directory.resolve("mariadb.log"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/DATABASE}. */
    public String jdbcUrl() {
        return "jdbc:mysql://" + FreePorts.LOOPBACK + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** An endpoint for the server's database whose controls act on this server. */
    public MariaDbEndpoint endpoint() {
        return new MariaDbEndpoint(jdbcUrl(), user, password, this);
    }

    @Override
    ServerProcess process() {
        return process;
    }

    @Override
    public String toString() {
        return "MariaDbServer[" + jdbcUrl() + "]";
    }

    /**
     * Whether the server sends its protocol-10 handshake: it does so only once it has run the init file and
     * accepts clients, although its port is bound earlier.
     */
    @Override
    boolean servesClients() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), 1_000);
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(5);
            return header.length == 5 && header[4] == 10;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeInitFile(Path initFile) {
        String account = "'" + sqlEscape(user) + "'@'%'";
        String sql = "CREATE DATABASE IF NOT EXISTS `" + database + "`;\n"
                + "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + sqlEscape(password) + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;\n";
        try {
            Files.writeString(initFile, sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + initFile, e);
        }
    }

    private static String sqlEscape(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String osUser() {
        return System.getProperty("user.name", "root");
    }

    /** Settings of a {@link MariaDbServer}; {@link #start()} starts one. */
    public static final class Builder {

        private final Map<String, String> serverOptions = new LinkedHashMap<>();
        private String database = "seckill";
        private String user = "seckill";
        private String password = "seckill";
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /** The database created at start and named in the JDBC URL; {@code seckill} by default. */
        public Builder database(String database) {
            if (!database.matches("[A-Za-z0-9_]{1,64}")) {
                throw new IllegalArgumentException("Use letters, digits and '_' in a database name, not: " + database);
            }
            this.database = database;
            return this;
        }

        /** The user for JDBC connections, with every privilege; {@code seckill} by default. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** That user's password; {@code seckill} by default. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * A server option, passed as {@code --name=value}, e.g.
         * {@code serverOption("innodb_flush_log_at_trx_commit", "2")}, or {@code --name} alone for an empty value;
         * it overrides the harness' defaults.
         */
        public Builder serverOption(String name, String value) {
            serverOptions.put(name, value);
            return this;
        }

        /** How long initialising and starting may take; 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Initialises a data directory, starts the server and waits until it accepts clients.
         *
         * @throws ServerStartupException if MariaDB is not installed or does not start in time
         */
        public MariaDbServer start() {
            Path server = ServerBinaries.require("MariaDB server", "mariadbd", "mysqld");
            Path installDb = ServerBinaries.require("MariaDB server (mariadb-install-db)", "mariadb-install-db",
                    "mysql_install_db");
            return startOnFreePorts(() -> {
                Path directory = ScratchSpace.newDirectory("mariadb");
                long started = System.nanoTime();
                installDatabase(installDb, directory);
                LOG.info("Initialised a MariaDB data directory in {} ms", (System.nanoTime() - started) / 1_000_000);
                return new MariaDbServer(this, server, FreePorts.any(), directory);
            }, false);
        }

        private void installDatabase(Path installDb, Path directory) {
            List<String> command = List.of(installDb.toString(), "--no-defaults",
                    "--datadir=" + directory.resolve("data"),
                    "--user=" + osUser(),
                    "--auth-root-authentication-method=socket",
                    "--skip-test-db",
                    "--skip-name-resolve");
            ServerProcess install = new ServerProcess("mariadb-install-db", command, directory,
                    directory.resolve("install-db.log"));
            install.start();
            install.awaitExit(startupTimeout);
        }
    }
}
