package io.github.seckill.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void jsonKeepsEveryFigureAndVerdict() throws Exception {
        Report report = Samples.report("quick");
        ReportFiles.write(report, dir);
        assertThat(ReportFiles.read(dir)).isEqualTo(report);
        assertThat(Files.readString(dir.resolve(ReportFiles.MARKDOWN))).startsWith("# seckill benchmarks")
                .contains("QUICK run");
    }

    @Test
    void chartsArePngFilesForBenchmarksThatRan() throws Exception {
        Report report = Samples.report("full");
        List<String> written = Charts.draw(ChartSpec.standard(), report.measurements(),
                Scorecard.figures(report.ceilings(), report.measurements()), dir);
        assertThat(written).containsExactly("ledger.png", "admission.png");
        for (String file : written) {
            try (InputStream in = Files.newInputStream(dir.resolve(file))) {
                assertThat(in.readNBytes(8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            }
            assertThat(Files.size(dir.resolve(file))).isGreaterThan(10_000);
        }
        assertThat(dir.resolve("strategies.png")).doesNotExist();
    }

    @Test
    void docsPageGetsTheResultsBetweenItsMarkersAndTheCharts() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.write(results.resolve("ledger.png"), new byte[] {1, 2, 3});
        Path page = dir.resolve("benchmarks.md");
        Files.writeString(page, "# Benchmarks\nintro\n" + DocsPage.BEGIN + "\nold figures\n" + DocsPage.END
                + "\nafter\n");
        DocsPage.update(page, Samples.report("quick"), results);
        String text = Files.readString(page);
        assertThat(text).startsWith("# Benchmarks\nintro\n" + DocsPage.BEGIN + "\n## Results: QUICK run")
                .doesNotContain("old figures").endsWith(DocsPage.END + "\nafter\n")
                .contains("(benchmarks/ledger.png)");
        assertThat(dir.resolve("benchmarks/ledger.png")).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void docsPageWithoutMarkersIsRefused() {
        assertThatThrownBy(() -> DocsPage.splice("no markers", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
