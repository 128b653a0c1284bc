package io.github.seckill.example;

import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.example.backend.ServersBackend;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.Shards;
import io.github.seckill.shard.StockShardStrategy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code seckill-app demo}: runs one flash sale, in memory or on real servers, and prints what happened. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a flash sale and check its invariants, in memory or on real servers.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--buyers", defaultValue = "100000", description = "Distinct buyers (default: ${DEFAULT-VALUE}).")
    int buyers;

    @Option(names = "--stock", defaultValue = "1000", description = "Items on sale (default: ${DEFAULT-VALUE}).")
    int stock;

    @Option(names = "--shards", defaultValue = "4", description = "Stock shards, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--strategy", defaultValue = "stealing", converter = StrategyConverter.class,
            description = "polling, bitmap or stealing (default: ${DEFAULT-VALUE}).")
    StockShardStrategy strategy;

    private void check(boolean valid, String option, String rule) {
        if (!valid) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option
                    + "': " + rule);
        }
    }

    /** Turns a strategy name into the built-in strategy; an unknown name is a usage error. */
    static final class StrategyConverter implements CommandLine.ITypeConverter<StockShardStrategy> {
        @Override
        public StockShardStrategy convert(String name) {
            try {
                return ShardStrategies.byName(name);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

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

    /** Where the sale runs. */
    enum Backend {
        /** The whole pipeline in this JVM. */
        memory,
        /** Redis, Kafka and MariaDB started on loopback ports for the run. */
        servers
    }

    @Option(names = "--backend", defaultValue = "memory",
            description = "memory (nothing to install) or servers (real Redis, Kafka and MariaDB started for the run; "
                    + "needs scripts/setup.sh) (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        check(buyers >= 1, "--buyers", "must be at least 1");
        check(stock >= 0, "--stock", "must not be negative");
        check(shards >= 1 && shards <= Shards.MAX_SHARDS, "--shards", "must be 1.." + Shards.MAX_SHARDS);
        check(threads >= 1, "--threads", "must be at least 1");
        check(impatient >= 0 && impatient <= 1, "--impatient", "must be within 0..1");
        check(payRatio >= 0 && payRatio <= 1, "--pay", "must be within 0..1");
        DemoSale.Settings settings = new DemoSale.Settings(
                buyers, stock, shards, strategy, threads, impatient, payRatio, seed);
        DemoSale.Report report;
        try (SaleBackend where = backend == Backend.servers ? new ServersBackend() : new MemoryBackend()) {
            report = DemoSale.run(settings, where);
        }
        System.out.print(report.render());
        return report.invariantsHold() ? 0 : 1;
    }
}
