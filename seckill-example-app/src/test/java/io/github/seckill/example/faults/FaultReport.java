package io.github.seckill.example.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The fault suite's rows, written as Markdown ({@code faults.md}) and JSON ({@code faults.json}). */
final class FaultReport {

    /**
     * One fault's sale.
     *
     * @param fault what failed
     * @param injection how it was made to fail, and for how long
     * @param outcome what the sale measured
     */
    record Row(String fault, String injection, FaultSale.Outcome outcome) {
        boolean clean() {
            return outcome.audit().clean();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes;
    private final FaultSale.Size size;
    private final String startedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    private final long startedNanos = System.nanoTime();

    /** @param notes paragraphs after the table: the settings every sale shares, what explains a figure */
    FaultReport(FaultSale.Size size, List<String> notes) {
        this.size = size;
        this.notes = List.copyOf(notes);
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    /** Writes both files into {@code directory}, replacing earlier ones. */
    synchronized void write(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("faults.md"), markdown(), StandardCharsets.UTF_8);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(directory.resolve("faults.json"), json.writeValueAsString(Map.of(
                    "machine", machine(), "date", startedAt, "size", Map.of("stock", size.stock(), "buyers", size.buyers(),
                            "threads", size.threads(), "stormSeconds", size.storm().toSeconds(),
                            "repeatClickPercent", size.repeatClickPercent(),
                            "paymentTimeoutSeconds", size.paymentTimeout().toSeconds()), "suiteSeconds", suiteSeconds(),
                    "rows", rows.stream().map(FaultReport::jsonRow).toList())), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> jsonRow(Row r) {
        FaultSale.Outcome o = r.outcome();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("fault", r.fault());
        m.put("injection", r.injection());
        m.put("attempts", o.attempts());
        m.put("answers", o.answers());
        m.put("admitted", o.admitted());
        m.put("admittedDegraded", o.admittedDegraded());
        m.put("payments", Map.of("paid", o.paid(), "failed", o.failedPayments(), "leftToTimeOut", o.timedOut()));
        m.put("sold", o.sold());
        m.put("oversold", o.oversold());
        m.put("duplicates", o.duplicates());
        m.put("queuedButLost", o.queuedButLost());
        if (!o.lost().isEmpty()) {
            m.put("lost", o.lost());
        }
        m.put("undersoldBeforeRepair", o.undersoldBefore());
        m.put("undersoldAfterRepair", o.undersoldAfter());
        m.put("recoverySeconds", Double.isNaN(o.recoverySeconds()) ? null : round(o.recoverySeconds()));
        m.put("auditClean", o.audit().clean());
        m.put("auditViolations", o.audit().violations().stream().map(Object::toString).toList());
        m.put("seconds", round(o.seconds()));
        m.put("phases", o.phases());
        return m;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Faults: one sale per fault on real servers\n\n");
        out.append("`FaultSuiteTest` (in `seckill-example-app`, tag `faults`, part of `mvn verify`) runs these sales on"
                + " Redis, Kafka and MariaDB processes it starts on loopback and kills. Run it alone with `mvn -B verify"
                + " -pl seckill-example-app -am -Dtest=FaultSuiteTest -Dsurefire.failIfNoSpecifiedTests=false`, sized"
                + " with `-Dseckill.faults.stock=`, `.buyers=`, `.threads=` and `.stormSeconds=`; it writes"
                + " `seckill-example-app/target/faults/faults.md` (this page) and `faults.json`, and the child JVMs'"
                + " logs beside them.\n\n");
        out.append("Run ").append(startedAt).append(" on ").append(machine()).append("; ")
                .append(String.format(Locale.ROOT, "%.0f s for %d faults.%n%n", suiteSeconds(), rows.size()));
        out.append(String.format(Locale.ROOT, "Each sale: %,d units, %,d buyers on %d threads over about %d s, %d%%"
                + " of the admitted click again, payments 60%% paid, 25%% failed, 15%% left to time out (%d s);"
                + " the fault is injected once half the stock is taken.%n%n", size.stock(), size.buyers(),
                size.threads(), size.storm().toSeconds(), size.repeatClickPercent(),
                size.paymentTimeout().toSeconds()));
        out.append("| Fault | Attempts | Answers by kind | Admitted (degraded) | Sold | Oversold | Duplicates"
                + " | Queued but lost | Undersold before → after repair | Recovery (s) | Audit |\n");
        out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            FaultSale.Outcome o = r.outcome();
            String answers = o.answers().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            out.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d (%,d) | %,d | %d | %d | %d | %d → %d | %s | %s |%n",
                    r.fault(), o.attempts(), answers, o.admitted(), o.admittedDegraded(), o.sold(), o.oversold(),
                    o.duplicates(), o.queuedButLost(), o.undersoldBefore(), o.undersoldAfter(),
                    Double.isNaN(o.recoverySeconds()) ? "not recovered"
                            : String.format(Locale.ROOT, "%.1f", o.recoverySeconds()),
                    r.clean() ? "clean" : "**" + o.audit().violations() + "**"));
        }
        out.append("""

                Oversold, duplicates and queued-but-lost must be 0, the audit clean and the undersell after repair 0:
                the suite fails otherwise. **Oversold**: units held or sold beyond the stock, by the ledger's stock row
                and by the pending and paid orders sampled every 100 ms. **Duplicates**: users holding two pending or
                paid orders, counted with SQL over both order tables. **Queued but lost**: orders a buyer was told of
                (answered queued, HTTP 202, or a duplicate naming the order the buyer holds) with no row for that
                buyer in the ledger, neither an order nor a turned-away order nor a conflict the buyer reads as failed. **Undersold before repair**: units the ledger still
                had for sale once the storm was over, every order settled and every payment taken, failed or timed
                out; **after**: what a last wave of new buyers who all pay left unsold (thousands of buyers for a
                few hundred units, so 0). **Recovery**: from the fault's lift (restart done, process resumed, link
                healed) until a buyer is answered on the healthy path again (queued by Redis, not degraded; sold out;
                duplicate) and every order published before the lift is settled in the ledger. **Degraded**: queued
                by degraded admission while Redis was unreachable (the ledger alone guards those).
                """);
        for (Row r : rows) {
            if (!r.outcome().lost().isEmpty()) {
                out.append("\n**").append(r.fault()).append("**, lost: ").append(r.outcome().lost()).append('\n');
            }
        }
        for (String note : notes) {
            out.append('\n').append(note).append('\n');
        }
        out.append("\nHow each fault was injected:\n\n");
        for (Row r : rows) {
            out.append("- **").append(r.fault()).append("**: ").append(r.injection())
                    .append(String.format(Locale.ROOT, " (payments: %,d paid, %,d failed, %,d left to time out;"
                            + " %s)%n", r.outcome().paid(), r.outcome().failedPayments(), r.outcome().timedOut(),
                            r.outcome().phases()));
        }
        return out.toString();
    }

    private double suiteSeconds() {
        return round((System.nanoTime() - startedNanos) / 1e9);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    static String machine() {
        return String.format(Locale.ROOT, "%s %s (%s), %d cores, %d MiB max heap, Java %s",
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.version());
    }
}
