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
        md.append("- JMH sweep: ").append(report.jmh().summary()).append("\n");
        md.append("- JMH paired rounds: ").append(report.paired().summary()).append(", ")
                .append(report.rounds().size()).append(report.rounds().size() == 1 ? " round" : " rounds")
                .append("\n\n");
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
        if (report.quick()) {
            md.append("One round only: the verdicts below are indicative.\n\n");
        }
        md.append("| Target | Pair ratios | Median (min-max) | Needed | Verdict | Detail |\n"
                + "|---|---|---:|---:|---|---|\n");
        for (TargetResult r : report.targets()) {
            Target t = r.target();
            java.util.function.DoubleFunction<String> show = t.comparesFigures() ? Numbers::ratio : Numbers::format;
            String pairs = t.family() ? "sweep" : r.pairs().isEmpty() ? "-"
                    : r.pairs().stream().map(show::apply).collect(Collectors.joining(", "));
            Double value = r.value();
            Double min = r.min();
            Double max = r.max();
            String measured = value == null ? "-" : show.apply(value);
            if (value != null && min != null && max != null && r.pairs().size() > 1) {
                measured += " (" + show.apply(min) + "-" + show.apply(max) + ")";
            }
            String verdict = switch (r.status()) {
                case PASS -> "pass";
                case MISS -> t.goal() ? "**goal missed**" : "**MISS**";
                case UNSTABLE -> "**UNSTABLE**";
                case NOT_MEASURED -> "not measured";
            };
            if (report.quick() && r.status() != TargetResult.Status.NOT_MEASURED) {
                verdict += " (indicative)";
            }
            String detail = r.detail();
            if (r.status() == TargetResult.Status.MISS) {
                detail = detail + ". " + t.remedy();
            }
            md.append("| ").append(t.title()).append(t.goal() ? " (goal)" : "").append(" | ").append(pairs)
                    .append(" | ").append(measured).append(" | ").append(show.apply(t.threshold())).append(" | ")
                    .append(verdict).append(" | ").append(escape(detail)).append(" |\n");
        }
        md.append("\nA pair ratio divides the target's first figure by its second, both measured in the same round, one"
                + " right after the other; a target passes when every round's ratio reaches the threshold, and is "
                + "UNSTABLE when its ratios spread over ").append(Math.round(TargetResult.MAX_SPREAD * 100))
                .append("% of their median. Targets marked sweep are judged on the sweep's figures.\n\n");

        appendRounds(md, report);
        appendAllocation(md, report);

        md.append("### Figures\n\n");
        md.append("Ceilings are the median of the rounds; the other figures are the sweep's best configuration, with JMH's"
                + " error (99.9% confidence).\n\n");
        md.append("| Figure | Value | Error | Unit | Measured by |\n|---|---:|---:|---|---|\n");
        List<Figure> figures = new ArrayList<>(report.ceilings());
        figures.addAll(report.figures());
        for (Figure f : figures) {
            md.append("| ").append(f.label()).append(" (`").append(f.id()).append("`) | ")
                    .append(Numbers.format(f.value())).append(" | ")
                    .append(Double.isNaN(f.error()) ? "" : Numbers.format(f.error())).append(" | ")
                    .append(f.unit()).append(" | ")
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

    private static void appendRounds(StringBuilder md, Report report) {
        if (report.rounds().isEmpty()) {
            return;
        }
        md.append("### Rounds\n\n");
        md.append("Each round measured every ceiling, then every JMH configuration the targets divide, against the same"
                + " servers. A JMH error over 10% of its score is marked.\n\n");
        Set<String> used = new LinkedHashSet<>();
        for (TargetResult r : report.targets()) {
            if (!r.target().family()) {
                used.add(r.target().numerator());
                if (r.target().denominator() != null) {
                    used.add(r.target().denominator());
                }
            }
        }
        md.append("| Figure |");
        report.rounds().forEach(r -> md.append(" Round ").append(r.index()).append(" |"));
        md.append(" Unit |\n|---|");
        md.append("---:|".repeat(report.rounds().size())).append("---|\n");
        List<Map<String, Figure>> byRound = report.rounds().stream().map(Round::figures).toList();
        for (String id : used) {
            Figure any = byRound.stream().map(f -> f.get(id)).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(null);
            if (any == null) {
                continue;
            }
            md.append("| ").append(any.label()).append(" (`").append(id).append("`) |");
            for (Map<String, Figure> figures : byRound) {
                Figure f = figures.get(id);
                md.append(' ');
                if (f == null) {
                    md.append("-");
                } else {
                    md.append(Numbers.format(f.value()));
                    if (!Double.isNaN(f.error())) {
                        md.append(" ± ").append(Numbers.format(f.error()));
                        if (f.value() > 0 && f.error() / f.value() > 0.10) {
                            md.append(" **(error over 10%)**");
                        }
                    }
                }
                md.append(" |");
            }
            md.append(' ').append(any.unit()).append(" |\n");
        }
        md.append("\nConfigurations measured in every round: ");
        md.append(report.rounds().get(0).measurements().stream()
                .map(m -> "`" + m.benchmark() + "." + m.method() + " " + m.params() + " t=" + m.threads() + "`")
                .collect(Collectors.joining(", ")));
        md.append(".\n\n");
    }

    /** What one admitted attempt allocates, coalesced and not, at each in-flight count. */
    private static void appendAllocation(StringBuilder md, Report report) {
        List<Measurement> rows = report.measurements().stream()
                .filter(m -> m.benchmark().equals("AdmissionBenchmark")
                        && m.param("impl").map(i -> i.startsWith("redis-")).orElse(false)
                        && m.metric(Measurement.ALLOCATION).isPresent())
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        md.append("### Allocation per admitted attempt\n\n");
        md.append("`gc.alloc.rate.norm` of the admission benchmark (every thread of the JVM, the benchmark's own"
                + " bookkeeping of about 90 bytes included), seckill's engine on Redis:\n\n");
        md.append("| impl | inFlight | bytes per attempt |\n|---|---:|---:|\n");
        for (Measurement m : rows) {
            md.append("| ").append(m.param("impl").orElse("")).append(" | ").append(m.param("inFlight").orElse(""))
                    .append(" | ").append(Numbers.format(m.metric(Measurement.ALLOCATION).orElseThrow().score()))
                    .append(" |\n");
        }
        for (Round r : report.rounds()) {
            for (Measurement m : r.measurements()) {
                if (m.benchmark().equals("AdmissionBenchmark") && m.param("impl").orElse("").equals("redis-coalesced")
                        && m.metric(Measurement.ALLOCATION).isPresent()) {
                    md.append("| redis-coalesced, round ").append(r.index()).append(" | ")
                            .append(m.param("inFlight").orElse("")).append(" | ")
                            .append(Numbers.format(m.metric(Measurement.ALLOCATION).orElseThrow().score()))
                            .append(" |\n");
                }
            }
        }
        md.append("\n");
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
