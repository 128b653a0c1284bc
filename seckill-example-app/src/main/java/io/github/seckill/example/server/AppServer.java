package io.github.seckill.example.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.seckill.InvalidRequestException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP side on Javalin: the JSON API, server-sent events, the pages and {@code /metrics}. Every error is a
 * JSON {@code {"code", "message"}}, never an HTML page or a stack trace; no input reaches a {@code 5xx} but a backend
 * outage ({@code 503}).
 */
public final class AppServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppServer.class);

    private final Javalin app;
    private final SaleService service;
    private final Tokens tokens;

    private AppServer(Builder b) {
        this.service = Objects.requireNonNull(b.service);
        this.tokens = b.tokens;
        InstantSource clock = b.clock;
        ActivityRoutes activities = new ActivityRoutes(service, new RateLimits(b.userRate, b.addressRate), clock);
        OrderRoutes orders = new OrderRoutes(service);
        PrometheusMeterRegistry metrics = b.metrics;
        boolean demo = b.demo;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Requests block on the sale (publishing waits for Kafka's acknowledgement): cheap threads where there are.
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            config.http.maxRequestSize = Requests.MAX_BODY_BYTES;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jsonMapper(new JavalinJackson(Requests.JSON, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.routes.before("/api/*", ctx -> authenticate(ctx));
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/ready", ctx -> {
                boolean ready = service.ready();
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN"));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.get("/activities/{id}", ctx -> page(ctx, "/public/activity.html"));
            config.routes.get("/dashboard", ctx -> page(ctx, "/public/dashboard.html"));
            config.routes.post("/api/demo/tokens", ctx -> {
                if (!demo) {
                    throw ApiException.notFound("path");
                }
                issueDemoToken(ctx);
            });
            config.routes.get("/api/activities", activities::list);
            config.routes.post("/api/activities", activities::create);
            config.routes.get("/api/activities/{id}", activities::read);
            config.routes.post("/api/activities/{id}/attempts", activities::attempt);
            config.routes.post("/api/activities/{id}/waitlist", activities::joinWaitlist);
            config.routes.get("/api/activities/{id}/order", orders::mine);
            config.routes.get("/api/activities/{id}/audit", activities::audit);
            config.routes.post("/api/activities/{id}/reconcile", activities::reconcile);
            config.routes.get("/api/orders/{orderId}", orders::read);
            config.routes.get("/api/orders/{orderId}/events", orders::events);
            config.routes.post("/api/orders/{orderId}/payment", orders::pay);
            config.routes.post("/api/orders/{orderId}/cancel", orders::cancel);
            config.routes.exception(ApiException.class, AppServer::apiError);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> apiError(
                    new ApiException(e.getStatus(), httpCode(e.getStatus()),
                            e.getMessage() == null ? "error" : e.getMessage()), ctx));
            config.routes.exception(InvalidRequestException.class, (e, ctx) ->
                    apiError(ApiException.badRequest(e.field(), String.valueOf(e.getMessage())), ctx));
            config.routes.exception(io.github.seckill.BackendUnavailableException.class, (e, ctx) -> {
                LOG.warn("backend unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                apiError(new ApiException(503, "UNAVAILABLE", "a backend is unavailable; try again").retryAfter(1),
                        ctx);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                apiError(new ApiException(500, "INTERNAL", "unexpected failure"), ctx);
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !isJson(ctx)) {
                    json(ctx, 404, Map.of("code", "NOT_FOUND", "message", "no such path"));
                }
            });
            config.routes.error(405, ctx -> json(ctx, 405, Map.of("code", "METHOD_NOT_ALLOWED",
                    "message", "method not allowed")));
        });
    }

    /** @return a builder over the sale service */
    static Builder builder(SaleService service) {
        return new Builder(service);
    }

    /**
     * @param host the address to listen on
     * @param port the port, 0 for a free one
     * @return this, listening
     */
    public AppServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    /** @return the port it listens on */
    public int port() {
        return app.port();
    }

    /** @return tokens of this server, for demos and tests */
    String token(Principal p, Duration ttl) {
        return tokens.issue(p, ttl);
    }

    SaleService service() {
        return service;
    }

    private void authenticate(Context ctx) {
        // Browsers cannot set headers on an EventSource: the events stream also takes the token as a parameter.
        String query = ctx.path().endsWith("/events") ? ctx.queryParam("access_token") : null;
        if (query != null && ctx.header("Authorization") == null) {
            Principal p = tokens.verify(query)
                    .orElseThrow(() -> new ApiException(401, "UNAUTHORIZED", "invalid or expired token"));
            ctx.attribute(Requests.PRINCIPAL, p);
            return;
        }
        Requests.authenticate(ctx, tokens).ifPresent(p -> ctx.attribute(Requests.PRINCIPAL, p));
    }

    /**
     * The body of a demo token request.
     *
     * @param userId a buyer
     * @param role {@code admin} for an admin token
     */
    record TokenRequest(@Nullable Long userId, @Nullable String role) {
    }

    private void issueDemoToken(Context ctx) {
        TokenRequest r = Requests.body(ctx, TokenRequest.class);
        Principal p;
        if ("admin".equals(r.role())) {
            p = new Principal(0, Principal.Role.ADMIN);
        } else if (r.role() != null && !"buyer".equals(r.role())) {
            throw ApiException.badRequest("role", "'role' must be buyer or admin");
        } else if (r.userId() == null || r.userId() <= 0) {
            throw ApiException.badRequest("userId", "'userId' must be a positive integer");
        } else {
            p = new Principal(r.userId(), Principal.Role.BUYER);
        }
        ctx.json(Map.of("token", tokens.issue(p, Duration.ofHours(12))));
    }

    private static String httpCode(int status) {
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "TOO_LARGE";
            default -> "HTTP_" + status;
        };
    }

    private static void page(Context ctx, String resource) {
        var in = AppServer.class.getResourceAsStream(resource);
        if (in == null) {
            throw ApiException.notFound("page");
        }
        ctx.contentType("text/html; charset=utf-8").result(in);
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    /** Writes a refusal: its status, its JSON body, and Retry-After when it has one. */
    static void apiError(ApiException e, Context ctx) {
        if (e.retryAfterSeconds != null) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        json(ctx, e.status, e.body());
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(Requests.JSON.writeValueAsString(body));
        } catch (JsonProcessingException ex) {
            ctx.status(500).result("{\"code\":\"INTERNAL\",\"message\":\"unexpected failure\"}");
        }
    }

    /** Stops listening, drains the sale, stops the service. */
    @Override
    public void close() {
        app.stop();
        service.close();
    }

    /** Builds an {@link AppServer}. */
    static final class Builder {
        private final SaleService service;
        private Tokens tokens = Tokens.random(InstantSource.system());
        private InstantSource clock = InstantSource.system();
        private PrometheusMeterRegistry metrics =
                new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        private boolean demo;
        private int userRate = 5;
        private int addressRate = 5_000;

        private Builder(SaleService service) {
            this.service = service;
        }

        Builder tokens(Tokens t) {
            this.tokens = Objects.requireNonNull(t);
            return this;
        }

        Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source);
            return this;
        }

        Builder metrics(PrometheusMeterRegistry registry) {
            this.metrics = Objects.requireNonNull(registry);
            return this;
        }

        Builder demo(boolean on) {
            this.demo = on;
            return this;
        }

        Builder rateLimits(int perUser, int perAddress) {
            this.userRate = perUser;
            this.addressRate = perAddress;
            return this;
        }

        AppServer build() {
            return new AppServer(this);
        }
    }
}
