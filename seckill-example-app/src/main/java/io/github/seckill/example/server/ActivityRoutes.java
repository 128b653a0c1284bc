package io.github.seckill.example.server;

import io.github.seckill.ActivityConfig;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.AttemptResult;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.OrderNotQueuedException;
import io.github.seckill.ReconciliationReport;
import io.github.seckill.admission.JoinResult;
import io.github.seckill.reconcile.AuditReport;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.shard.StockShardStrategy;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** {@code /api/activities}: create, read, attempt, join the waitlist, audit, reconcile. */
final class ActivityRoutes {

    /** Keys are 1 to 64 printable ASCII characters; those of the SDK's request-id alphabet are taken as they are. */
    private static final int MAX_KEY = 64;
    /** The sold-out answer, which most of a flash sale's requests get: rendered once. */
    private static final String SOLD_OUT_JSON = json(new ApiException(410, "SOLD_OUT", "sold out"));
    private static final long MAX_STOCK = 10_000_000;

    private final SaleService service;
    private final RateLimits limits;
    private final InstantSource clock;

    ActivityRoutes(SaleService service, RateLimits limits, InstantSource clock) {
        this.service = service;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * The body of {@code POST /api/activities}.
     *
     * @param id activity id
     * @param stock units on sale
     * @param startsAt opening
     * @param endsAt closing
     * @param paymentTimeoutSeconds how long an order waits for payment
     * @param shards stock shards
     * @param strategy {@code polling}, {@code bitmap} or {@code stealing}
     * @param giveBack {@code OPEN_SALE}, {@code WAITLIST_FIRST} or {@code NONE}
     * @param waitlistCapacity the waitlist's bound
     */
    record CreateActivity(@Nullable Long id, @Nullable Long stock, @Nullable Instant startsAt,
            @Nullable Instant endsAt, @Nullable Long paymentTimeoutSeconds, @Nullable Integer shards,
            @Nullable String strategy, @Nullable String giveBack, @Nullable Integer waitlistCapacity) {
    }

    void create(Context ctx) {
        Requests.admin(ctx);
        CreateActivity b = Requests.body(ctx, CreateActivity.class);
        ActivityConfig config = validate(b);
        if (!service.create(config)) {
            throw new ApiException(409, "EXISTS", "activity " + config.activityId() + " exists");
        }
        ctx.status(201).json(view(config));
    }

    private static ActivityConfig validate(CreateActivity b) {
        Long id = b.id();
        if (id == null || id <= 0) {
            throw ApiException.badRequest("id", "'id' must be a positive integer");
        }
        Long stock = b.stock();
        if (stock == null || stock < 0 || stock > MAX_STOCK) {
            throw ApiException.badRequest("stock", "'stock' must be 0.." + MAX_STOCK);
        }
        Instant startsAt = b.startsAt();
        if (startsAt == null) {
            throw ApiException.badRequest("startsAt", "'startsAt' is required (ISO-8601)");
        }
        Instant endsAt = b.endsAt();
        if (endsAt == null || !endsAt.isAfter(startsAt)) {
            throw ApiException.badRequest("endsAt", "'endsAt' is required and after 'startsAt'");
        }
        long timeout = b.paymentTimeoutSeconds() == null ? 300 : b.paymentTimeoutSeconds();
        if (timeout < 1 || timeout > 86_400) {
            throw ApiException.badRequest("paymentTimeoutSeconds", "'paymentTimeoutSeconds' must be 1..86400");
        }
        int shards = b.shards() == null ? 1 : b.shards();
        if (shards < 1 || shards > 64) {
            throw ApiException.badRequest("shards", "'shards' must be 1..64");
        }
        StockShardStrategy strategy;
        try {
            strategy = ShardStrategies.byName(b.strategy() == null ? "bitmap" : b.strategy());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("strategy", "'strategy' must be polling, bitmap or stealing");
        }
        GiveBackPolicy giveBack;
        try {
            giveBack = b.giveBack() == null ? GiveBackPolicy.OPEN_SALE
                    : GiveBackPolicy.valueOf(b.giveBack().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("giveBack", "'giveBack' must be OPEN_SALE, WAITLIST_FIRST or NONE");
        }
        int waitlist = b.waitlistCapacity() == null ? 10_000 : b.waitlistCapacity();
        if (waitlist < 1 || waitlist > ActivityConfig.MAX_WAITLIST) {
            throw ApiException.badRequest("waitlistCapacity", "'waitlistCapacity' must be 1.."
                    + ActivityConfig.MAX_WAITLIST);
        }
        return ActivityConfig.builder(id).stock(stock).window(startsAt, endsAt).shards(shards).strategy(strategy)
                .paymentTimeout(Duration.ofSeconds(timeout)).giveBack(giveBack).waitlist(waitlist)
                .giveBack(giveBack).build();
    }

    void list(Context ctx) {
        List<Map<String, Object>> out = service.activities().stream()
                .sorted(Comparator.comparing(ActivityConfig::startsAt)).map(this::view).toList();
        ctx.json(out);
    }

    void read(Context ctx) {
        ctx.json(view(require(ctx)));
    }

    private ActivityConfig require(Context ctx) {
        long id = Requests.id(ctx, "id");
        return service.activity(id).orElseThrow(() -> ApiException.notFound("activity"));
    }

    private Map<String, Object> view(ActivityConfig a) {
        long remaining = 0;
        for (long units : service.sale.remaining(a.activityId())) {
            remaining += units;
        }
        return Views.activity(a, clock.instant(), remaining, service.sale.isSoldOut(a.activityId()) || remaining == 0);
    }

    void attempt(Context ctx) {
        Principal buyer = Requests.buyer(ctx);
        ActivityConfig a = require(ctx);
        String key = ctx.header("Idempotency-Key");
        if (key == null || !printable(key)) {
            throw ApiException.badRequest("Idempotency-Key", "the Idempotency-Key header must be 1 to 64 printable"
                    + " characters");
        }
        limits.checkAttempt(buyer.userId(), ctx.ip());
        // Asynchronous: an admission waits for Redis and then for Kafka's acknowledgement, and no request thread
        // waits with it, so the attempts in flight are bounded by the connections, not by the server's threads.
        ctx.future(() -> service.sale.attemptAsync(a.activityId(), buyer.userId(), requestId(key), 1)
                .toCompletableFuture()
                .handle((result, failure) -> {
                    try {
                        if (failure != null) {
                            throw refusal(failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure);
                        }
                        answer(ctx, a, result);
                    } catch (ApiException e) {
                        AppServer.apiError(e, ctx);
                    }
                    return null;
                }));
    }

    /** @return the answer to an attempt that failed with an exception */
    private static ApiException refusal(Throwable failure) {
        if (failure instanceof InvalidRequestException e) {
            return ApiException.badRequest(e.field(), String.valueOf(e.getMessage()));
        }
        if (failure instanceof AttemptOutcomeUnknownException) {
            return new ApiException(503, "OUTCOME_UNKNOWN", "no answer in time; retry with the same Idempotency-Key")
                    .retryAfter(1);
        }
        if (failure instanceof OrderNotQueuedException || failure instanceof BackendUnavailableException) {
            return new ApiException(503, "UNAVAILABLE", "the sale is briefly unavailable; try again").retryAfter(1);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    private void answer(Context ctx, ActivityConfig a, AttemptResult result) {
        if (result instanceof AttemptResult.Admitted admitted) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", Long.toString(admitted.orderId()));
            body.put("status", "QUEUED");
            ctx.status(202).json(body);
            return;
        }
        if (result instanceof AttemptResult.Duplicate duplicate) {
            throw new ApiException(409, "DUPLICATE", "you already have an order in this sale")
                    .with("orderId", Long.toString(duplicate.existingOrderId()));
        }
        switch (result.outcome()) {
            case SOLD_OUT -> ctx.status(410).contentType("application/json").result(SOLD_OUT_JSON);
            case ENDED -> throw new ApiException(410, "ENDED", "the sale has ended");
            case NOT_STARTED -> throw new ApiException(425, "NOT_STARTED", "the sale has not started")
                    .retryAfter(Duration.between(clock.instant(), a.startsAt()).toSeconds() + 1);
            case THROTTLED -> throw new ApiException(429, "THROTTLED", "too many buyers right now").retryAfter(1);
            case CLOSING -> throw new ApiException(503, "UNAVAILABLE", "this instance is stopping").retryAfter(1);
            default -> throw new ApiException(503, "UNAVAILABLE", "unexpected outcome " + result.outcome());
        }
    }

    private static boolean printable(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Whether the SDK takes the key as a request id as it is: {@code [A-Za-z0-9._:-]{1,64}}. */
    private static boolean sdkRequestId(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String json(ApiException e) {
        try {
            return Requests.JSON.writeValueAsString(e.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    /** The SDK's request ids are a small alphabet; other printable keys map onto it, the same key to the same id. */
    static String requestId(String key) {
        if (sdkRequestId(key)) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "k." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).replace('_', '.');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void joinWaitlist(Context ctx) {
        Principal buyer = Requests.buyer(ctx);
        ActivityConfig a = require(ctx);
        JoinResult r;
        try {
            r = service.sale.joinWaitlist(a.activityId(), buyer.userId());
        } catch (BackendUnavailableException e) {
            throw new ApiException(503, "UNAVAILABLE", "the waitlist is briefly unavailable").retryAfter(1);
        }
        switch (r.outcome()) {
            case JOINED -> ctx.status(202).json(Map.of("position", r.position()));
            case ALREADY_WAITING -> ctx.status(200).json(Map.of("position", r.position()));
            case CLOSED -> throw new ApiException(410, "ENDED", "the sale is not open");
            case FULL -> throw new ApiException(409, "WAITLIST_FULL", "the waitlist is full");
            case NOT_SOLD_OUT -> throw new ApiException(409, "NOT_SOLD_OUT", "units are left: buy instead");
            case HAS_ORDER -> throw new ApiException(409, "HAS_ORDER", "you already have an order in this sale");
            default -> throw new ApiException(409, "NO_WAITLIST", "this sale has no waitlist");
        }
    }

    void audit(Context ctx) {
        Requests.admin(ctx);
        ActivityConfig a = require(ctx);
        AuditReport report = service.auditor().audit(a.activityId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clean", report.clean());
        out.put("report", report);
        ctx.json(out);
    }

    void reconcile(Context ctx) {
        Requests.admin(ctx);
        ActivityConfig a = require(ctx);
        ReconciliationReport report = service.reconciler.reconcile(a.activityId());
        ctx.json(report);
    }
}
