package io.github.seckill.benchmarks.ceiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The load tools' output, as they print it, turned into figures. */
class OutputParsingTest {

    @Test
    void redisBenchmarkCsv() {
        String out = """
                "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                "EVALSHA 01e6 1 u:__rand_int__ __rand_int__","93896.71","8.268","0.248","3.871","28.879","53.439","53.631"
                """;
        assertThat(RedisBenchmarkCeiling.parseCsv(out)).isEqualTo(93896.71);
        assertThatThrownBy(() -> RedisBenchmarkCeiling.parseCsv("ERR unknown command"))
                .isInstanceOf(CeilingException.class).hasMessageContaining("ERR unknown command");
    }

    @Test
    void mariaDbSlapAverage() {
        String out = """
                Benchmark
                \tAverage number of seconds to run all queries: 0.410 seconds
                \tMinimum number of seconds to run all queries: 0.410 seconds
                \tNumber of clients running queries: 1
                """;
        assertThat(MariaDbSlapCeiling.parseAverageSeconds(out)).isEqualTo(0.410);
        assertThatThrownBy(() -> MariaDbSlapCeiling.parseAverageSeconds(
                "Average number of seconds to run all queries: 0.000 seconds"))
                .isInstanceOf(CeilingException.class).hasMessageContaining("too few");
        assertThatThrownBy(() -> MariaDbSlapCeiling.parseAverageSeconds("Access denied"))
                .isInstanceOf(CeilingException.class);
    }

    @Test
    void mergedTransactionInsertsOneBatchAndTakesItsUnitsOnce() {
        String sql = MariaDbSlapCeiling.mergedTransaction();
        assertThat(sql).startsWith("BEGIN;INSERT INTO seckill_order").endsWith(";COMMIT");
        assertThat(sql.split("UUID_SHORT\\(\\),1,UUID_SHORT\\(\\)", -1)).hasSize(MariaDbSlapCeiling.MERGED_ROWS + 1);
        assertThat(sql).contains("available = available - 500").contains("AND available >= 500");
    }

    @Test
    void producerPerformanceFinalSummary() {
        String out = """
                241234 records sent, 48236.9 records/sec (1.47 MB/sec), 310.4 ms avg latency, 800.0 ms max latency.
                1000000 records sent, 91903.316 records/sec (2.80 MB/sec), 250.44 ms avg latency, 812.00 ms max \
                latency, 230 ms 50th, 500 ms 95th, 700 ms 99th, 800 ms 99.9th.
                """;
        assertThat(ProducerPerformanceCeiling.parseRate(out)).isEqualTo(91903.316);
        assertThatThrownBy(() -> ProducerPerformanceCeiling.parseRate("org.apache.kafka...TimeoutException"))
                .isInstanceOf(CeilingException.class);
    }

    @Test
    void seckillScriptCallsDecideOneOrManyNewBuyersOnOneShard() {
        AdmissionScript one = AdmissionScript.seckillOneBuyer(1_000);
        assertThat(one.lua()).contains("local function admit()");
        assertThat(one.buyersPerCall()).isEqualTo(1);
        assertThat(one.arguments()).containsExactly("3", "bench:1:stock:{1#0}", "bench:1:orders:{1#0}",
                "bench:1:user:__rand_int__", "admit", "1", "1", "__rand_int__", "r", "__rand_int__", "1", "1000",
                "86401000", "1", "0", "0");
        assertThat(one.setup()).containsOnlyKeys("bench:1:stock:{1#0}");

        AdmissionScript batch = AdmissionScript.seckillBatch(32, 1_000);
        assertThat(batch.buyersPerCall()).isEqualTo(32);
        assertThat(batch.arguments().get(0)).isEqualTo("34");
        assertThat(batch.arguments().stream().filter(a -> a.contains("__rand_int__"))).hasSize(96);
        assertThat(batch.arguments()).hasSize(1 + 34 + 3 + 32 * 9);
    }
}
