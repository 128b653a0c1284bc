package io.github.seckill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules shipped with the module name only meters the module registers
 * (so a renamed meter fails here, not on a dashboard in production), and the dashboard is Grafana JSON with a query
 * in every panel.
 */
class DashboardAndAlertsTest {

    private static final Pattern METRIC = Pattern.compile("\\b(seckill_[a-z_]+)\\b");
    private static final Set<String> REGISTERED = SeckillMeter.names("seckill").stream()
            .map(n -> n.replace('.', '_')).collect(Collectors.toSet());

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardAndAlertsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> metricsIn(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void assertRegistered(Set<String> names, String where) {
        for (String name : names) {
            String base = name.replaceAll("(_seconds)?(_total|_count|_sum|_max|_bucket)$", "");
            assertThat(REGISTERED).as("%s names %s", where, name).contains(base);
        }
    }

    @Test
    void theDashboardQueriesOnlyRegisteredMeters() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(resource("grafana-dashboard.json"));
        assertThat(dashboard.get("uid").asText()).isEqualTo("seckill");
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(10);
        StringBuilder queries = new StringBuilder();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("expr").asText()).isNotBlank();
                queries.append(target.get("expr").asText()).append('\n');
            }
        }
        Set<String> names = metricsIn(queries.toString());
        assertThat(names).contains("seckill_audit_oversold", "seckill_attempts_total", "seckill_queue_lag",
                "seckill_admission_breaker_state");
        assertRegistered(names, "the dashboard");
    }

    @Test
    void theAlertsWatchOnlyRegisteredMeters() throws IOException {
        String rules = resource("prometheus-alerts.yml");
        for (String alert : new String[] {"SeckillOversold", "SeckillQueueLagGrowing", "SeckillAdmissionBreakerOpen",
                "SeckillQueueBreakerOpen", "SeckillReconciliationDrift", "SeckillGiveBackFailed"}) {
            assertThat(rules).contains("alert: " + alert);
        }
        Set<String> names = metricsIn(rules);
        assertThat(names).hasSizeGreaterThanOrEqualTo(5);
        assertRegistered(names, "the alert rules");
    }

    @Test
    void aRenamedMeterWouldBeCaught() {
        assertThat(REGISTERED).doesNotContain("seckill_attempt");
        String renamed = "seckill_attempt_total";
        String base = renamed.replaceAll("(_seconds)?(_total|_count|_sum|_max|_bucket)$", "");
        assertThat(REGISTERED).doesNotContain(base);
    }
}
