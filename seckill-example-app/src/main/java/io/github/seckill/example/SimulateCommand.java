package io.github.seckill.example;

import io.github.seckill.example.simulate.SimulationResult;
import io.github.seckill.example.simulate.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seckill-app simulate}: buyers over HTTP against a running app, judged by its audit. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Fires buyers at a running app (serve --demo) and prints a table from the sale's audit; exits 1"
                + " unless the audit is clean.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The app, or several instances of it, comma-separated: buyers spread over them (default: "
            + "${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--buyers", defaultValue = "50000", description = "Buyers (default: ${DEFAULT-VALUE}).")
    int buyers;

    @Option(names = "--activity", description = "An existing activity; without it one is created (--stock).")
    @Nullable Long activity;

    @Option(names = "--stock", defaultValue = "1000", description = "Stock of the created activity (default: ${DEFAULT-VALUE}).")
    long stock;

    @Option(names = "--shards", defaultValue = "4", description = "Shards of the created activity (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--starts-in", defaultValue = "5", description = "Seconds until the created activity opens (default: ${DEFAULT-VALUE}).")
    int startsIn;

    @Option(names = "--give-back", defaultValue = "WAITLIST_FIRST",
            description = "OPEN_SALE, WAITLIST_FIRST or NONE for the created activity (default: ${DEFAULT-VALUE}).")
    String giveBack;

    @Option(names = "--threads", defaultValue = "64", description = "Concurrent buyers (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--admin-token", description = "An admin token (default: one from the app's demo endpoint).")
    @Nullable String adminToken;

    @Option(names = "--repeat-clicks", defaultValue = "0.2",
            description = "Share of buyers who click again with a new key (default: ${DEFAULT-VALUE}).")
    double repeatClicks;

    @Option(names = "--json", description = "Also write the result as JSON to this file.")
    @Nullable Path json;

    @Override
    public Integer call() throws Exception {
        Simulator simulator = new Simulator(url, Simulator.Settings.defaults().withBuyers(buyers).withThreads(threads)
                .withRepeatClicks(repeatClicks));
        String admin = adminToken != null ? adminToken : simulator.adminToken();
        Long existing = activity;
        long id = existing != null ? existing : simulator.createActivity(admin, System.currentTimeMillis() % 1_000_000_000L,
                stock, Duration.ofSeconds(startsIn), Duration.ofHours(1), shards, giveBack);
        System.out.println("simulating " + buyers + " buyers against activity " + id + " at " + url);
        SimulationResult result = simulator.run(id, admin);
        System.out.print(result.toTable());
        Path file = json;
        if (file != null) {
            Files.writeString(file, result.toJson());
        }
        String first = url.split(",")[0].trim();
        System.out.println("sale page   " + first + "/activities/" + id);
        System.out.println("dashboard   " + first + "/dashboard");
        return result.clean() ? 0 : 1;
    }
}
