package io.github.seckill.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Puts a run's results into the documentation page: the text between {@value #BEGIN} and {@value #END} is replaced
 * with the report, and the charts are copied into a folder beside the page.
 */
public final class DocsPage {

    /** Marks where the results start. */
    public static final String BEGIN = "<!-- results:begin -->";
    /** Marks where the results end. */
    public static final String END = "<!-- results:end -->";

    private DocsPage() {
    }

    /**
     * @param page the documentation page, e.g. {@code docs/benchmarks.md}, holding both markers
     * @param report the run's report
     * @param results the run's results directory, holding its charts
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the page lacks the markers
     */
    public static void update(Path page, Report report, Path results) throws IOException {
        String text = Files.readString(page);
        String chartFolder = page.getFileName().toString().replaceFirst("\\.md$", "");
        // the page was just read as a file, so it is no root and has a parent
        Path charts = Objects.requireNonNull(page.toAbsolutePath().getParent()).resolve(chartFolder);
        Files.createDirectories(charts);
        for (String chart : report.charts()) {
            Files.copy(results.resolve(chart), charts.resolve(chart), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(page, splice(text, MarkdownReport.render(report, chartFolder + "/")));
    }

    /**
     * @param page the page's text
     * @param results the new results
     * @return the page with its results replaced
     */
    static String splice(String page, String results) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the page needs " + BEGIN + " and then " + END);
        }
        return page.substring(0, begin + BEGIN.length()) + "\n" + results + page.substring(end);
    }
}
