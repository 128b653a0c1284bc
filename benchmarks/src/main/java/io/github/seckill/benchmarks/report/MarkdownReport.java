package io.github.seckill.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a {@link Report} as Markdown: the run's context, the targets with their verdicts, the figures they are
 * computed from, every JMH result, and the charts.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * @param report the report
     * @param chartDirectory where the charts are, relative to the Markdown file ({@code ""} for beside it)
     * @return the Markdown text, headed by a level-2 title so that it can be embedded in a longer page
     */
    public static String render(Report report, String chartDirectory) {
        StringBuilder md = new StringBuilder();
        String kind = report.quick()
                ? "QUICK run: short JMH iterations, figures indicative only"
                : "FULL run";
        md.append("## Results: ").append(kind).append("\n\n");
        md.append("- Date: ").append(report.startedAt()).append(" (run took ")
                .append(String.format(Locale.ROOT, "%.0f", report.durationSeconds())).append(" s)\n");
        Machine m = report.machine();
        md.append("- Machine: ").append(m.cpu()).append(", ").append(m.summary()).append(", ").append(m.os())
                .append("\n");
        md.append("- JDK: ").append(m.jdk()).append("\n");
        if (!m.loadAverage().isEmpty()) {
            md.append("- Load average when the run started (1, 5, 15 min): ").append(m.loadAverage().stream()
                    .map(Numbers::format).collect(Collectors.joining(", "))).append("\n");
        }
        md.append("- Servers: ").append(report.servers().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append("\n");
        if (!report.mariaDbSettings().isEmpty()) {
            md.append("- MariaDB settings: ").append(report.mariaDbSettings().entrySet().stream()
                    .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", ")))
                    .append("\n");
        }
        md.append("- JMH: ").append(report.jmh().summary()).append("\n\n");
        if (m.busy()) {
            md.append("**Other work kept this machine's cores busy during the run: its figures show that the")
                    .append(" benchmarks run, not how fast.**\n\n");
        }

        if (!report.failures().isEmpty()) {
            md.append("### Not measured\n\n");
            report.failures().forEach(f -> md.append("- ").append(f).append("\n"));
            md.append("\n");
        }

        md.append("### Targets\n\n");
        md.append("| Target | Measured | Needed | Verdict | Detail |\n|---|---:|---:|---|---|\n");
        for (TargetResult r : report.targets()) {
            Target t = r.target();
            String measured = r.value() == null ? "-"
                    : t.comparesFigures() ? Numbers.ratio(r.value()) : Numbers.format(r.value());
            String needed = t.comparesFigures() ? Numbers.ratio(t.threshold()) : Numbers.format(t.threshold());
            String verdict = switch (r.status()) {
                case PASS -> "pass";
                case MISS -> t.goal() ? "**goal missed**" : "**MISS**";
                case NOT_MEASURED -> "not measured";
            };
            String detail = r.detail();
            if (r.status() == TargetResult.Status.MISS) {
                detail = detail + ". " + t.remedy();
            }
            md.append("| ").append(t.title()).append(t.goal() ? " (goal)" : "").append(" | ").append(measured)
                    .append(" | ").append(needed).append(" | ").append(verdict).append(" | ")
                    .append(escape(detail)).append(" |\n");
        }
        md.append("\nRatios divide the first figure named in the target by the second, both from the table below.\n\n");

        md.append("### Figures\n\n");
        md.append("| Figure | Value | Unit | Measured by |\n|---|---:|---|---|\n");
        List<Figure> figures = new ArrayList<>(report.ceilings());
        figures.addAll(report.figures());
        for (Figure f : figures) {
            md.append("| ").append(f.label()).append(" (`").append(f.id()).append("`) | ")
                    .append(Numbers.format(f.value())).append(" | ").append(f.unit()).append(" | ")
                    .append(escape(f.source())).append(" |\n");
        }
        md.append("\n");

        md.append("### JMH results\n\n");
        Map<String, List<Measurement>> byBenchmark = new LinkedHashMap<>();
        report.measurements().forEach(x -> byBenchmark.computeIfAbsent(x.benchmark() + "." + x.method(),
                k -> new ArrayList<>()).add(x));
        for (Map.Entry<String, List<Measurement>> e : byBenchmark.entrySet()) {
            appendBenchmark(md, e.getKey(), e.getValue());
        }

        if (!report.charts().isEmpty()) {
            md.append("### Charts\n\n");
            for (String chart : report.charts()) {
                md.append("![").append(chart).append("](").append(chartDirectory).append(chart).append(")\n\n");
            }
        }
        return md.toString();
    }

    private static void appendBenchmark(StringBuilder md, String name, List<Measurement> rows) {
        Set<String> params = new LinkedHashSet<>();
        Set<String> secondary = new LinkedHashSet<>();
        rows.forEach(r -> {
            params.addAll(r.params().keySet());
            secondary.addAll(r.secondary().keySet());
        });
        md.append("#### ").append(name).append("\n\n|");
        params.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append(" threads | score | error | unit |");
        secondary.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append("\n|");
        md.append("---|".repeat(params.size())).append("---:|---:|---:|---|");
        md.append("---:|".repeat(secondary.size())).append("\n");
        for (Measurement r : rows) {
            md.append('|');
            params.forEach(p -> md.append(' ').append(r.params().getOrDefault(p, "")).append(" |"));
            md.append(' ').append(r.threads()).append(" | ").append(Numbers.format(r.primary().score()))
                    .append(" | ").append(Numbers.format(r.primary().error())).append(" | ")
                    .append(r.primary().unit()).append(" |");
            for (String s : secondary) {
                Metric metric = r.secondary().get(s);
                md.append(' ').append(metric == null ? "" : Numbers.format(metric.score()) + " " + metric.unit())
                        .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
