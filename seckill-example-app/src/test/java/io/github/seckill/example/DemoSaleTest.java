package io.github.seckill.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.AttemptResult;
import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.backend.ServersBackend;
import io.github.seckill.ledger.OrderStatus;
import io.github.seckill.shard.ShardStrategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DemoSaleTest {

    @ParameterizedTest
    @ValueSource(strings = {"polling", "bitmap", "stealing"})
    void theDemoSellsTheStockOncePerUserAndResellsFailedPayments(String strategy) throws Exception {
        DemoSale.Report r;
        try (MemoryBackend memory = new MemoryBackend()) {
            r = DemoSale.run(new DemoSale.Settings(20_000, 500, 4, ShardStrategies.byName(strategy), 8, 0.3, 0.8, 11),
                    memory);
        }
        assertResoldFailedPayments(r, 500);
    }

    /** The same sale through real Redis, Kafka and MariaDB: the production pipeline end to end. */
    @Test
    void theDemoKeepsItsInvariantsOnRealServers() throws Exception {
        DemoSale.Report r;
        try (ServersBackend servers = new ServersBackend()) {
            r = DemoSale.run(new DemoSale.Settings(5_000, 300, 4, ShardStrategies.stealing(), 8, 0.3, 0.8, 13),
                    servers);
        }
        assertThat(r.render()).contains("Redis redis://", "Kafka ", "MariaDB jdbc:");
        assertResoldFailedPayments(r, 300);
    }

    private static void assertResoldFailedPayments(DemoSale.Report r, int stock) {
        assertThat(r.invariantsHold()).isTrue();
        assertThat(r.first().admittedUsers()).isEqualTo(stock);
        assertThat(r.first().count(AttemptResult.Outcome.DUPLICATE)).isPositive();
        assertThat(r.failed()).isPositive();
        assertThat(r.second().admittedUsers()).as("failed payments resold").isEqualTo(r.failed());
        assertThat(r.second().count(AttemptResult.Outcome.DUPLICATE)).as("winners clicking again").isPositive();
        assertThat(r.first().errors.sum() + r.second().errors.sum()).isZero();
        assertThat(r.stock().available()).isZero();
        assertThat(r.stock().locked()).isEqualTo(r.failed());
        assertThat(r.stock().sold()).isEqualTo(r.paid());
        assertThat(r.orders()).containsEntry(OrderStatus.PAID, (long) r.paid())
                .containsEntry(OrderStatus.CLOSED, (long) r.failed());
        assertThat(r.render()).contains("no oversell: yes");
    }

    @Test
    void theCommandLineRunsTheDemoAndExitsZero() {
        int exit = new CommandLine(new SeckillApp()).execute("demo", "--buyers", "3000", "--stock", "100");
        assertThat(exit).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--strategy=round-robin", "--threads=0", "--pay=2", "--impatient=-0.1", "--shards=65",
            "--buyers=0", "--stock=-1"})
    void badOptionsAreRejectedWithAUsageError(String option) {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new SeckillApp());
        cli.setErr(new java.io.PrintWriter(err));
        int exit = cli.execute("demo", option);
        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains(option.substring(0, option.indexOf('='))).doesNotContain("Exception");
    }
}
