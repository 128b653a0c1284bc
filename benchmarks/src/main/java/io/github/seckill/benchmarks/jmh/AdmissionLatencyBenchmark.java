package io.github.seckill.benchmarks.jmh;

import io.github.seckill.AttemptResult;
import io.github.seckill.admission.AdmissionDecision;
import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.benchmarks.Backends;
import io.github.seckill.benchmarks.Fixtures;
import io.github.seckill.benchmarks.SaleUnderTest;
import io.github.seckill.benchmarks.SeckillSale;
import io.github.seckill.benchmarks.peer.RedissonSemaphoreSale;
import io.github.seckill.redis.Coalescing;
import io.github.seckill.redis.SeckillRedis;
import io.github.seckill.shard.ShardPlan;
import io.github.seckill.shard.ShardStrategies;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time of one admission at one attempt in flight (sampled, so its percentiles are known), through each layer in
 * turn, from the bare round trip to the whole engine (see {@code report.AdmissionLatency}):
 *
 * <ul>
 *   <li>{@code ping}: Lettuce {@code PING}, the round trip itself;</li>
 *   <li>{@code evalsha-empty}: {@code EVALSHA} of a script that returns at once, with the admission's keys and
 *       arguments: Lettuce's dispatch and the server's script call, without the work;</li>
 *   <li>{@code evalsha-admit}: {@code EVALSHA} of {@code seckill.lua}'s admit operation for one new buyer, through
 *       Lettuce's own API: the script's work;</li>
 *   <li>{@code gate-per-call}, {@code gate-coalesced}: seckill-redis' admission gate, without the engine;</li>
 *   <li>{@code gate-sync}: the coalescing gate called by a blocking caller ({@code admit}), answered on the I/O
 *       thread rather than handed to the callback executor;</li>
 *   <li>{@code redis-per-call}, {@code redis-coalesced}: the engine on that gate, as in {@link AdmissionBenchmark};</li>
 *   <li>{@code redis-sync}: the engine's synchronous {@code attempt} on the coalescing gate;</li>
 *   <li>{@code redisson-semaphore}: Redisson's {@code RSemaphore.tryAcquire}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AdmissionLatencyBenchmark {

    private static final long ACTIVITY = 1;
    private static final String STOCK = "bench:lat:stock:{1#0}";
    private static final String ORDERS = "bench:lat:orders:{1#0}";

    @Param({"ping", "evalsha-empty", "evalsha-admit", "gate-per-call", "gate-coalesced", "gate-sync",
            "redis-per-call", "redis-coalesced", "redis-sync", "redisson-semaphore"})
    public String impl;

    private long user;
    private @Nullable RedisClient client;
    private @Nullable StatefulRedisConnection<String, String> connection;
    private @Nullable RedisAsyncCommands<String, String> commands;
    private String sha = "";
    private @Nullable SeckillRedis redis;
    private @Nullable AdmissionGate gate;
    private @Nullable SaleUnderTest sale;

    @Setup(Level.Trial)
    public void open() {
        Fixtures.flushRedis();
        switch (impl) {
            case "ping", "evalsha-empty", "evalsha-admit" -> {
                client = RedisClient.create(Fixtures.redisUri());
                connection = client.connect();
                commands = connection.async();
                String script = impl.equals("evalsha-admit") ? seckillScript() : "return {1}";
                sha = connection.sync().scriptLoad(script);
                connection.sync().set(STOCK, Long.toString(Fixtures.UNLIMITED_STOCK));
            }
            case "gate-per-call", "gate-coalesced", "gate-sync" -> {
                client = RedisClient.create(Fixtures.redisUri());
                redis = SeckillRedis.builder(client)
                        .coalescing(impl.equals("gate-per-call") ? Coalescing.disabled() : Coalescing.defaults())
                        .build();
                gate = redis.admissionGate();
                gate.stock().load(ACTIVITY, new long[] {Fixtures.UNLIMITED_STOCK});
            }
            case "redis-per-call", "redis-coalesced", "redis-sync" -> {
                Backends.RedisGate g = Backends.redisGate(Fixtures.redisUri(), !impl.equals("redis-per-call"));
                sale = new SeckillSale(g.gate(), ACTIVITY, 1, ShardStrategies.bitmapRouting(), g);
            }
            case "redisson-semaphore" ->
                    sale = new RedissonSemaphoreSale(Fixtures.redisUri(), "bench:lat:semaphore", Integer.MAX_VALUE);
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (sale != null) {
            sale.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Benchmark
    public Object attempt() throws ExecutionException, InterruptedException {
        long u = ++user;
        long now = System.currentTimeMillis();
        return switch (impl) {
            case "ping" -> commands().ping().get();
            case "evalsha-empty", "evalsha-admit" -> {
                Object reply = commands().evalsha(sha, ScriptOutputType.MULTI,
                        new String[] {STOCK, ORDERS, "bench:lat:user:" + u},
                        "admit", "1", "1", Long.toString(u), "r", Long.toString(u), "1", Long.toString(now),
                        Long.toString(now + 86_400_000L), "1", "0", "0").get();
                yield reply;
            }
            case "gate-per-call", "gate-coalesced" -> {
                AdmissionDecision d = gate().admitAsync(new AdmissionRequest(ACTIVITY, u, "r", u, 1,
                        ShardPlan.probing(0), now, now + 10_000, now + 86_400_000L)).toCompletableFuture().get();
                if (!d.admitted()) {
                    throw new IllegalStateException("a new buyer was not admitted: " + d);
                }
                yield d;
            }
            case "gate-sync" -> {
                AdmissionDecision d = gate().admit(new AdmissionRequest(ACTIVITY, u, "r", u, 1, ShardPlan.probing(0),
                        now, now + 10_000, now + 86_400_000L));
                if (!d.admitted()) {
                    throw new IllegalStateException("a new buyer was not admitted: " + d);
                }
                yield d;
            }
            case "redis-sync" -> {
                AttemptResult r = ((SeckillSale) sale()).engine().attempt(ACTIVITY, u, "r");
                if (!r.isAdmitted()) {
                    throw new IllegalStateException("a new buyer was not admitted: " + r);
                }
                yield r;
            }
            default -> {
                if (!Boolean.TRUE.equals(sale().buy(u).toCompletableFuture().get())) {
                    throw new IllegalStateException("a new buyer was not admitted");
                }
                yield Boolean.TRUE;
            }
        };
    }

    private RedisAsyncCommands<String, String> commands() {
        if (commands == null) {
            throw new IllegalStateException("no connection for " + impl);
        }
        return commands;
    }

    private AdmissionGate gate() {
        if (gate == null) {
            throw new IllegalStateException("no gate for " + impl);
        }
        return gate;
    }

    private SaleUnderTest sale() {
        if (sale == null) {
            throw new IllegalStateException("no sale for " + impl);
        }
        return sale;
    }

    private static String seckillScript() {
        try (InputStream in = AdmissionLatencyBenchmark.class.getClassLoader()
                .getResourceAsStream("io/github/seckill/redis/seckill.lua")) {
            if (in == null) {
                throw new IllegalStateException("seckill.lua is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
