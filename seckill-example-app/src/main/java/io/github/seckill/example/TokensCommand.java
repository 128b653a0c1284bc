package io.github.seckill.example;

import io.github.seckill.example.server.App;
import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seckill-app tokens}: buyer tokens for a range of user ids, one a line, for load generators that bring their
 * own buyers (wrk, the benchmarks). Signed with the secret the served instances share, so no request mints them.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Prints buyer tokens for users --from to --to, one a line, signed with the instances' shared"
                + " secret ($SECKILL_TOKEN_SECRET or --token-secret), for load tests.")
final class TokensCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", defaultValue = "1", description = "First user id (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--to", required = true, description = "Last user id.")
    long to;

    @Option(names = "--ttl", defaultValue = "PT12H", description = "Validity (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--token-secret", description = "The secret serve was given (default: $SECKILL_TOKEN_SECRET).")
    @Nullable String tokenSecret;

    @Option(names = "--out", description = "File to write (default: standard output).")
    @Nullable Path out;

    @Override
    public Integer call() throws Exception {
        String secret = tokenSecret != null ? tokenSecret : System.getenv("SECKILL_TOKEN_SECRET");
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new CommandLine.ParameterException(commandLine(), "a token secret of 32 or more bytes is required"
                    + " (--token-secret or $SECKILL_TOKEN_SECRET)");
        }
        if (from < 1 || to < from) {
            throw new CommandLine.ParameterException(commandLine(), "--from must be positive and --to at least --from");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new CommandLine.ParameterException(commandLine(), "--ttl must be positive");
        }
        LongFunction<String> tokens = App.buyerTokens(secret.getBytes(StandardCharsets.UTF_8), ttl);
        Path file = out;
        if (file == null) {
            Writer w = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
            write(tokens, w);
            w.flush();
        } else {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
                write(tokens, w);
            }
        }
        return 0;
    }

    private void write(LongFunction<String> tokens, Writer w) throws java.io.IOException {
        for (long user = from; user <= to; user++) {
            w.write(tokens.apply(user));
            w.write('\n');
        }
    }

    private CommandLine commandLine() {
        return spec.commandLine();
    }
}
