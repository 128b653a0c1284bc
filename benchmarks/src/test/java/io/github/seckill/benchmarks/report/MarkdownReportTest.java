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
                quiet.mariaDbSettings(), quiet.jmh(), quiet.ceilings(), quiet.measurements(), quiet.figures(),
                quiet.targets(), quiet.failures(), quiet.charts());
        assertThat(MarkdownReport.render(busy, "")).contains("kept this machine's cores busy");
    }

    @Test
    void targetsShowRatioVerdictAndRemedyOnMiss() {
        String md = MarkdownReport.render(Samples.report("full"), "");
        assertThat(md).contains("| 1.50x | 1.00x | pass |");
        assertThat(md).contains("| 0.75x | 0.80x | **goal missed** | 6% short: needs 1.07x more. ");
        assertThat(md).contains("| - | 5,000,000 | not measured | no figure soldout.flag in this run |");
    }

    @Test
    void listsFiguresWithTheirSourceAndEveryJmhResult() {
        String md = MarkdownReport.render(Samples.report("full"), "");
        assertThat(md).contains("| mariadb-slap merged (`ceiling.mariadb.merged.c1`) | 120,000 | orders/s | cmd |");
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
