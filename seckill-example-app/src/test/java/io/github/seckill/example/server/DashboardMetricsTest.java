package io.github.seckill.example.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.micrometer.SeckillMeter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every metric the dashboard reads is one seckill-micrometer registers, so the two cannot drift apart. */
class DashboardMetricsTest {

    private static final Pattern METRIC = Pattern.compile("'(seckill_[a-z_]+)'");

    @Test
    void theDashboardReadsOnlyMetricsTheModuleRegisters() throws IOException {
        String page;
        try (InputStream in = DashboardMetricsTest.class.getResourceAsStream("/public/dashboard.html")) {
            assertThat(in).isNotNull();
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> read = new TreeSet<>();
        Matcher m = METRIC.matcher(page);
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).hasSizeGreaterThanOrEqualTo(8);
        Set<String> registered = SeckillMeter.names("seckill").stream().map(n -> n.replace('.', '_'))
                .collect(Collectors.toSet());
        for (String name : read) {
            String base = name.replaceAll("(_seconds)?(_total|_count|_sum|_max|_bucket)$", "");
            assertThat(registered).as("the dashboard reads %s", name).contains(base);
        }
    }
}
