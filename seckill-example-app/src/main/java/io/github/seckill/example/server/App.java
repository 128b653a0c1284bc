package io.github.seckill.example.server;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.seckill.engine.DrainReport;
import io.github.seckill.example.backend.SaleBackend;
import io.github.seckill.micrometer.SeckillMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The reference app assembled: a {@link SaleService} on a backend, its metrics, and the {@link AppServer} in front.
 * What {@code seckill-app serve} runs, and what the app's tests start.
 */
public final class App implements AutoCloseable {

    private final SaleBackend backend;
    private final SaleService service;
    private final AppServer server;

    private App(Settings s) {
        this.backend = s.backend;
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics);
        this.service = new SaleService(backend, SeckillMetrics.create(metrics), breakers, s.sharedRouting);
        Tokens tokens = s.tokenSecret != null ? new Tokens(s.tokenSecret, InstantSource.system())
                : Tokens.random(InstantSource.system());
        this.server = AppServer.builder(service).tokens(tokens).metrics(metrics).demo(s.demo)
                .rateLimits(s.userRate, s.addressRate).build().start(s.host, s.port);
    }

    /**
     * @param backend where the sale runs; closed with the app
     * @return settings: 127.0.0.1, a free port, no demo tokens, a random token secret
     */
    public static Settings on(SaleBackend backend) {
        return new Settings(backend);
    }

    /** @return the port the app listens on */
    public int port() {
        return server.port();
    }

    /** @return a token for a buyer, valid for an hour (tests, the demo script) */
    public String buyerToken(long userId) {
        return server.token(new Principal(userId, Principal.Role.BUYER), Duration.ofHours(1));
    }

    /** @return an admin token, valid for an hour */
    public String adminToken() {
        return server.token(new Principal(0, Principal.Role.ADMIN), Duration.ofHours(1));
    }

    /**
     * Buyer tokens as every instance signing with {@code secret} accepts them, without a running app: for load tests
     * that bring their own buyers ({@code seckill-app tokens}).
     *
     * @param secret the secret the instances share, at least 32 bytes
     * @param ttl how long each token is valid
     * @return a buyer's token by user id
     */
    public static LongFunction<String> buyerTokens(byte[] secret, Duration ttl) {
        Tokens tokens = new Tokens(secret, InstantSource.system());
        return userId -> {
            if (userId <= 0) {
                throw new IllegalArgumentException("userId must be positive, was " + userId);
            }
            return tokens.issue(new Principal(userId, Principal.Role.BUYER), ttl);
        };
    }

    /** @return a token that expired a minute ago, for tests */
    String expiredToken(long userId) {
        return server.token(new Principal(userId, Principal.Role.BUYER), Duration.ofMinutes(-1));
    }

    /** @return the backend, for tests that count rows */
    public SaleBackend backend() {
        return backend;
    }

    /**
     * Stops taking attempts, settles what was admitted, runs a last sweep, and stops.
     *
     * @param timeout how long the drain may take
     * @return what was left
     */
    public DrainReport drain(Duration timeout) {
        return service.drain(timeout);
    }

    @Override
    public void close() {
        server.close();
        backend.close();
    }

    /** How the app runs. */
    public static final class Settings {
        private final SaleBackend backend;
        private String host = "127.0.0.1";
        private int port;
        private boolean demo;
        private byte @Nullable [] tokenSecret;
        private int userRate = 5;
        private int addressRate = 5_000;
        private boolean sharedRouting = true;

        private Settings(SaleBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /** @return this, listening on {@code host:port} (port 0: a free one) */
        public Settings listen(String listenHost, int listenPort) {
            if (listenPort < 0 || listenPort > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + listenPort);
            }
            this.host = Objects.requireNonNull(listenHost, "listenHost");
            this.port = listenPort;
            return this;
        }

        /** @return this, with {@code POST /api/demo/tokens} on */
        public Settings demo(boolean on) {
            this.demo = on;
            return this;
        }

        /** @return this, signing tokens with a secret every instance of the sale shares (at least 32 bytes) */
        public Settings tokenSecret(byte[] secret) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("the token secret must have at least 32 bytes");
            }
            this.tokenSecret = secret.clone();
            return this;
        }

        /** @return this, with attempts limited per buyer and per client address, per second */
        public Settings rateLimits(int perUser, int perAddress) {
            if (perUser < 1 || perAddress < 1) {
                throw new IllegalArgumentException("rate limits must be at least 1 per second");
            }
            this.userRate = perUser;
            this.addressRate = perAddress;
            return this;
        }

        /**
         * @return this, routing attempts by the shard bitmap every instance shares ({@code true}, the default) or by
         *     what this instance alone saw
         */
        public Settings sharedRouting(boolean on) {
            this.sharedRouting = on;
            return this;
        }

        /** @return the app, serving */
        public App start() {
            return new App(this);
        }
    }
}
