package io.github.seckill.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    @Test
    void quickRunsAreLabelledAsSuch() {
        assertThat(MarkdownReport.render(Samples.report("quick"), "")).contains("QUICK run")
                .contains("indicative only");
        assertThat(MarkdownReport.render(Samples.report("full"), "")).contains("FULL run").doesNotContain("QUICK");
    }

    @Test
    void statesMachineServersSettingsAndDate() {
        String md = MarkdownReport.render(Samples.report("full"), "");
        assertThat(md).contains("2026-11-22T20:00:00Z").contains("Test CPU, 2 cores, 24.0 GiB")
                .contains("OpenJDK 17").contains("Redis 7.0.15").contains("`innodb_flush_log_at_trx_commit=1`")
                .contains("1 x 1 s warm-up").contains("(1, 5, 15 min): 0.500, 0.700, 1.00")
                .doesNotContain("busy");
    }

    @Test
    void warnsWhenOtherWorkKeptTheCoresBusy() {
        Report quiet = Samples.report("quick");
        Machine loaded = new Machine("Test CPU", 2, 24L << 30, "Linux", "OpenJDK 17", List.of(12.0, 9.0, 4.0));
        Report busy = new Report(quiet.mode(), quiet.startedAt(), quiet.durationSeconds(), loaded, quiet.servers(),
                quiet.mariaDbSettings(), quiet.jmh(), quiet.paired(), quiet.ceilings(), quiet.measurements(),
                quiet.figures(), quiet.rounds(), quiet.targets(), quiet.failures(), quiet.charts());
        assertThat(MarkdownReport.render(busy, "")).contains("kept this machine's cores busy");
    }

    @Test
    void targetsShowEveryPairRatioTheirMedianAndSpreadAndTheVerdict() {
        String md = MarkdownReport.render(Samples.report("full"), "");
        // admission 150k*d (d = 0.98, 1, 1.02; the third round 30% slower) against 100k*d
        assertThat(md).contains("| 1.50x, 1.50x, 1.05x | 1.50x (1.05x-1.50x) | 1.00x | **UNSTABLE** | pair ratios spread 30%");
        assertThat(md).contains("| Merged settlement at least 20x the best per-order configuration (orders/s) | 25.00x,"
                + " 25.00x, 25.00x | 25.00x (25.00x-25.00x) | 20.00x | pass | every round measured |");
        assertThat(md).contains("| sweep |").contains("| Round 1 | Round 2 | Round 3 |");
        assertThat(md).contains("| - | 5,000,000 | not measured | round 1: no figure soldout.flag in this run |");
    }

    @Test
    void aQuickRunsVerdictsAreIndicative() {
        String md = MarkdownReport.render(Samples.report("quick"), "");
        assertThat(md).contains("One round only: the verdicts below are indicative.")
                .contains("| 1.50x | 1.50x | 1.00x | pass (indicative) |");
    }

    @Test
    void roundsShowEachFigureWithItsErrorAndMarkLargeErrors() {
        String md = MarkdownReport.render(Samples.report("full"), "");
        assertThat(md).contains("| redis-benchmark EVALSHA -P 16 (`ceiling.redis.admit.p16`) | 98,000 | 100,000 |"
                + " 102,000 | buyers/s |");
        assertThat(md).contains("| 147,000 ± 14,700 | 150,000 ± 15,000 | 107,100 ± 10,710 | attempts/s |")
                .as("an error of exactly a tenth is not marked").doesNotContain("**(error over 10%)**");
        assertThat(md).contains("### Allocation per admitted attempt").contains("| redis-coalesced | 256 | 420 |")
                .contains("| redis-coalesced, round 2 | 256 | 420 |");
    }

    @Test
    void listsFiguresWithTheirSourceAndEveryJmhResult() {
        String md = MarkdownReport.render(Samples.report("full"), "");
        assertThat(md).contains("| mariadb-slap merged (`ceiling.mariadb.merged.c1`) | 120,000 |  | orders/s | cmd |");
        assertThat(md).contains("| seckill admission on Redis, best of per-call and coalesced (`admission.seckill`) |"
                + " 150,000 | 15,000 | attempts/s |");
        assertThat(md).contains("#### AdmissionBenchmark.attempt")
                .contains("| impl | inFlight | threads | score | error | unit | gc.alloc.rate.norm |")
                .contains("| redis-coalesced | 256 | 1 | 150,000 | 15,000 | ops/s | 420 B/op |");
        assertThat(md).contains("#### LedgerBenchmark.take").contains("| settle | 16 | 120 | 1.00 | ops/s | 60,000 ops/s |");
    }

    @Test
    void chartsAreLinkedUnderTheGivenFolder() {
        assertThat(MarkdownReport.render(Samples.report("full"), "benchmarks/"))
                .contains("![ledger.png](benchmarks/ledger.png)");
    }
}
