package io.github.seckill.example.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.backend.ServersBackend;
import io.github.seckill.example.server.App;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator against the app, judged by the audit: in memory, and the 50,000 buyers on real servers. */
class SimulateTest {

    private static SimulationResult simulate(App app, int buyers, long stock) throws Exception {
        Simulator simulator = new Simulator("http://127.0.0.1:" + app.port(),
                Simulator.Settings.defaults().withBuyers(buyers).withThreads(32).withProgress(null));
        String admin = app.adminToken();
        long id = simulator.createActivity(admin, 77, stock, Duration.ofSeconds(2), Duration.ofHours(1), 4,
                "WAITLIST_FIRST");
        return simulator.run(id, admin);
    }

    private static void assertSale(SimulationResult r, long stock) {
        assertThat(r.clean()).as(r.toTable()).isTrue();
        assertThat(r.answers().get("ADMITTED")).as(r.toTable()).isGreaterThanOrEqualTo(stock);
        assertThat(r.audit().path("report").path("oversold").asLong()).isZero();
        assertThat(r.audit().path("report").path("usersHoldingTwo").asLong()).isZero();
        assertThat(r.duplicatesRefused()).isPositive();
        assertThat(r.answers().get("SOLD_OUT")).isPositive();
        assertThat(r.toTable()).contains("audit", "clean", "p50/p99/p999");
    }

    @Test
    void aSimulatedSaleInMemoryIsClean() throws Exception {
        try (App app = App.on(new MemoryBackend()).demo(true).rateLimits(1_000, 1_000_000).start()) {
            SimulationResult r = simulate(app, 5_000, 200);
            assertSale(r, 200);
            JsonNode json = new ObjectMapper().readTree(r.toJson());
            assertThat(json.path("attempts").asLong()).isEqualTo(r.attempts()).isGreaterThan(5_000);
            assertThat(json.path("answers").path("SOLD_OUT").asLong()).isEqualTo(r.answers().get("SOLD_OUT"));
            assertThat(json.path("tookMillis").asLong()).isEqualTo(r.took().toMillis());
            assertThat(json.path("clean").asBoolean()).isTrue();
            assertThat(json.path("audit").path("report").path("oversold").asLong()).isZero();
        }
    }

    @Test
    void fiftyThousandBuyersForAThousandItemsOnRealServers() throws Exception {
        try (App app = App.on(new ServersBackend()).demo(true).rateLimits(1_000, 1_000_000).start()) {
            SimulationResult r = simulate(app, 50_000, 1_000);
            System.out.print(r.toTable());
            assertSale(r, 1_000);
        }
    }
}
