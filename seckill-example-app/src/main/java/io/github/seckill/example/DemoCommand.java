package io.github.seckill.example;

import io.github.seckill.shard.ShardStrategies;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seckill-app demo}: runs one flash sale in memory and prints what happened. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a flash sale on the embedded in-memory backend and check its invariants.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--buyers", defaultValue = "100000", description = "Distinct buyers (default: ${DEFAULT-VALUE}).")
    int buyers;

    @Option(names = "--stock", defaultValue = "1000", description = "Items on sale (default: ${DEFAULT-VALUE}).")
    int stock;

    @Option(names = "--shards", defaultValue = "4", description = "Stock shards, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--strategy", defaultValue = "stealing",
            description = "polling, bitmap or stealing (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--threads", defaultValue = "8", description = "Buyer threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--impatient", defaultValue = "0.3",
            description = "Share of buyers who click again and retry (default: ${DEFAULT-VALUE}).")
    double impatient;

    @Option(names = "--pay", defaultValue = "0.8",
            description = "Share of orders that get paid; the rest fail and give stock back (default: ${DEFAULT-VALUE}).")
    double payRatio;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed of the buyers' behaviour.")
    long seed;

    @Override
    public Integer call() throws Exception {
        DemoSale.Settings settings = new DemoSale.Settings(
                buyers, stock, shards, ShardStrategies.byName(strategy), threads, impatient, payRatio, seed);
        DemoSale.Report report = DemoSale.run(settings);
        System.out.print(report.render());
        return report.invariantsHold() ? 0 : 1;
    }
}
