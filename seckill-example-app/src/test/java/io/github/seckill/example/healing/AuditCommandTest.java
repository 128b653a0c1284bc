package io.github.seckill.example.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptResult;
import io.github.seckill.example.SeckillApp;
import io.github.seckill.example.rig.SaleRig;
import io.github.seckill.testservers.KafkaEndpoint;
import io.github.seckill.testservers.MariaDbEndpoint;
import io.github.seckill.testservers.RedisEndpoint;
import io.github.seckill.testservers.junit.WithKafka;
import io.github.seckill.testservers.junit.WithMariaDb;
import io.github.seckill.testservers.junit.WithRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code seckill-app audit} on a real sale: exit 0 when clean; a row corrupted by hand exits 1 naming it. */
@WithRedis
@WithKafka
@WithMariaDb
class AuditCommandTest {

    @Test
    void aCleanSaleAuditsCleanAndACorruptedRowDoesNot(RedisEndpoint redis, KafkaEndpoint kafka, MariaDbEndpoint db)
            throws Exception {
        try (SaleRig rig = new SaleRig(redis.uri(), kafka.bootstrapServers(), db, SaleRig.Tuning.defaults())) {
            ActivityConfig activity = rig.launch(20, 2);
            long id = activity.activityId();
            List<Long> orders = new ArrayList<>();
            for (long user = 1; user <= 30; user++) {
                if (rig.sale.attempt(id, user, "r") instanceof AttemptResult.Admitted a) {
                    orders.add(a.orderId());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rig.number("SELECT COUNT(*) FROM seckill_order WHERE activity_id = " + id) < orders.size()) {
                assertThat(System.nanoTime()).as("the orders settled").isLessThan(deadline);
                Thread.sleep(50);
            }
            rig.lifecycle.paymentSucceeded(orders.get(0));
            rig.lifecycle.paymentFailed(orders.get(1));
            String jdbc = rig.pool.getJdbcUrl();
            String[] audit = {"audit", "--activity", Long.toString(id), "--jdbc", jdbc, "--user",
                    rig.pool.getUsername(), "--password", password(rig), "--redis", redis.uri(), "--key-prefix",
                    rig.redis.options().keyPrefix()};
            Run clean = run(audit);
            assertThat(clean.exit()).as(clean.out()).isZero();
            assertThat(clean.out()).contains("verdict", "clean");
            Run json = run(append(audit, "--json"));
            assertThat(json.exit()).isZero();
            assertThat(json.out()).contains("\"clean\" : true", "\"oversold\" : 0");

            // A released order set back to paid by hand: its unit is now both available and sold.
            rig.execute("UPDATE seckill_order SET status = 'PAID' WHERE order_id = " + orders.get(1));
            Run corrupted = run(audit);
            assertThat(corrupted.exit()).isEqualTo(1);
            assertThat(corrupted.out()).contains("ORDERS_DO_NOT_MATCH_STOCK");
            Run corruptedJson = run(append(audit, "--json"));
            assertThat(corruptedJson.exit()).isEqualTo(1);
            assertThat(corruptedJson.out()).contains("\"clean\" : false", "ORDERS_DO_NOT_MATCH_STOCK");
        }
    }

    private record Run(int exit, String out) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SeckillApp());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    private static String[] append(String[] args, String extra) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }

    private static String password(SaleRig rig) {
        String p = rig.pool.getPassword();
        return p == null ? "" : p;
    }
}
