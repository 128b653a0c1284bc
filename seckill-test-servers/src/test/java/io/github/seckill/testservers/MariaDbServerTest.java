package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {

    @Test
    void appliesServerOptionsAndKeepsCommittedRowsWhenKilledAndStartedAgain() throws SQLException {
        Path directory;
        try (MariaDbServer server = MariaDbServer.builder()
                .database("ledger")
                .user("app")
                .password("it's \\ secret")
                .serverOption("innodb_flush_log_at_trx_commit", "2")
                .serverOption("max_connections", "40")
                .start()) {
            directory = server.directory();
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:" + server.port() + "/ledger");

            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                try (ResultSet row = statement.executeQuery(
                        "SELECT @@innodb_flush_log_at_trx_commit, @@max_connections, DATABASE(), CURRENT_USER()")) {
                    row.next();
                    assertThat(row.getInt(1)).isEqualTo(2);
                    assertThat(row.getInt(2)).isEqualTo(40);
                    assertThat(row.getString(3)).isEqualTo("ledger");
                    assertThat(row.getString(4)).isEqualTo("app@%");
                }
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY) ENGINE=InnoDB");
                statement.execute("INSERT INTO orders VALUES (1), (2), (3)");
            }

            server.kill();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(server).close()).isInstanceOf(SQLException.class);

            server.start();
            try (Connection connection = connect(server); Statement statement = connection.createStatement();
                      ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
                count.next();
                assertThat(count.getInt(1)).isEqualTo(3);
            }
        }
        assertThat(directory).doesNotExist();
    }

    private static Connection connect(MariaDbServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }
}
