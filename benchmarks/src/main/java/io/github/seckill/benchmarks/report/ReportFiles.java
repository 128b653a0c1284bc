package io.github.seckill.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link Report} into a results directory: {@code report.json}, {@code report.md} and the charts. */
public final class ReportFiles {

    /** The JSON file's name. */
    public static final String JSON = "report.json";
    /** The Markdown file's name. */
    public static final String MARKDOWN = "report.md";

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    /**
     * @param report the report (its chart names must already be drawn into {@code directory})
     * @param directory the results directory
     * @throws IOException if a file cannot be written
     */
    public static void write(Report report, Path directory) throws IOException {
        Files.createDirectories(directory);
        JSON_MAPPER.writeValue(directory.resolve(JSON).toFile(), report);
        Files.writeString(directory.resolve(MARKDOWN), "# seckill benchmarks\n\n" + MarkdownReport.render(report, ""));
    }

    /**
     * @param directory a results directory
     * @return the report written there
     * @throws IOException if it cannot be read
     */
    public static Report read(Path directory) throws IOException {
        return JSON_MAPPER.readValue(directory.resolve(JSON).toFile(), Report.class);
    }
}
