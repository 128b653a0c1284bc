package io.github.seckill.example;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seckill-app} command line. */
@Command(
        name = "seckill-app",
        mixinStandardHelpOptions = true,
        version = "seckill 0.1.0",
        description = "Flash-sale reference application.",
        subcommands = {ServeCommand.class, SimulateCommand.class, DemoCommand.class, AuditCommand.class,
            TokensCommand.class})
public final class SeckillApp {

    /** The root command; picocli instantiates the subcommands. */
    public SeckillApp() {
    }

    /**
     * @param args command line; {@code demo --help} lists the demo's options
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SeckillApp()).execute(args));
    }
}
