package io.github.seckill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.seckill.admission.HeldUnits;
import io.github.seckill.engine.AdmissionThrottle;
import io.github.seckill.engine.BackendData;
import io.github.seckill.engine.DegradedAdmission;
import io.github.seckill.engine.Drain;
import io.github.seckill.engine.FlashSale;
import io.github.seckill.engine.FlashSaleBuilder;
import io.github.seckill.lifecycle.OrderLifecycle;
import io.github.seckill.memory.InMemoryOrderStatusFeed;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.reconcile.Auditor;
import io.github.seckill.reconcile.Reconciler;
import io.github.seckill.reconcile.ReconcilerBuilder;
import io.github.seckill.settlement.OrderSettler;
import io.github.seckill.shard.ShardStrategies;
import io.github.seckill.status.OrderUpdates;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public entry point of the SDK's core with bad input: nulls, zero, negative and huge numbers, ids at their
 * limits (empty, too long, control characters), unknown activities. Each is refused with an
 * {@link InvalidRequestException} naming the field (a builder's setting by its name), and nothing changes: the
 * ledger, admission's stock, slots and waitlist, the queue and the engine's activities read the same before and after.
 * The table is held to the public methods by reflection, so that a new entry point cannot be forgotten.
 */
class BadInputTest {

    private static final long ACTIVITY = 1;
    private static final long UNKNOWN = 999;
    private static final String TOO_LONG = "r".repeat(65);
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stop() {
        SCHEDULER.shutdownNow();
    }

    /** One bad input of one entry point. */
    record Case(String entryPoint, String field, String input, Call call) {
        @Override
        public String toString() {
            return entryPoint + " with " + input + " -> " + field;
        }
    }

    @FunctionalInterface
    interface Call {
        Object on(Fixture f) throws Exception;
    }

    /** A sale with some history: an order pending payment, one paid, a buyer waiting. */
    static final class Fixture implements AutoCloseable {
        final AtomicLong now = new AtomicLong(Instant.parse("2030-01-01T10:05:00Z").toEpochMilli());
        final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        final InMemorySeckill memory = InMemorySeckill.builder().clock(clock).build();
        final Reconciler reconciler = Reconciler.builder(memory.admissionGate(), memory.stockLedger())
                .queue(memory.orderQueue()).clock(clock).build();
        final FlashSale sale = FlashSale.builder(memory.admissionGate(), memory.orderQueue()).clock(clock)
                .waitlist(memory.waitlist()).reconciler(reconciler).build();
        final OrderSettler settler = OrderSettler.builder(memory.orderQueue(), memory.stockLedger())
                .givingBackTo(sale).start();
        final OrderLifecycle lifecycle = OrderLifecycle.builder(sale, memory.stockLedger()).clock(clock)
                .admission(memory.admissionGate()).build();
        final ActivityConfig activity = ActivityConfig.builder(ACTIVITY).stock(2).shards(2).maxQuantityPerOrder(1)
                .waitlist(10).window(Instant.parse("2030-01-01T10:00:00Z"), Instant.parse("2030-01-01T11:00:00Z"))
                .build();
        final long pending;
        final long paid;

        Fixture() throws Exception {
            memory.stockLedger().defineActivity(activity.toLedgerActivity());
            sale.launch(activity);
            pending = ((AttemptResult.Admitted) sale.attempt(ACTIVITY, 1, "r1")).orderId();
            paid = ((AttemptResult.Admitted) sale.attempt(ACTIVITY, 2, "r2")).orderId();
            assertThat(memory.orderQueue().awaitDrained(Duration.ofSeconds(10))).isTrue();
            lifecycle.paymentSucceeded(paid);
            assertThat(sale.attempt(ACTIVITY, 3, "r3").outcome()).isEqualTo(AttemptResult.Outcome.SOLD_OUT);
            assertThat(sale.joinWaitlist(ACTIVITY, 3).outcome()).isEqualTo(
                    io.github.seckill.admission.JoinResult.Outcome.JOINED);
        }

        /** Everything a bad call could have changed. */
        String state() throws InterruptedException {
            assertThat(memory.orderQueue().awaitDrained(Duration.ofSeconds(10))).isTrue();
            StringBuilder s = new StringBuilder();
            s.append(memory.stockLedger().stock(ACTIVITY)).append('\n');
            s.append(memory.stockLedger().orders(ACTIVITY, 0, 1_000)).append('\n');
            s.append(memory.stockLedger().stock(UNKNOWN)).append('\n');
            s.append(memory.stockStore().snapshot(ACTIVITY)).append('\n');
            s.append(memory.stockStore().snapshot(UNKNOWN).loaded()).append('\n');
            for (long user = 1; user <= 5; user++) {
                s.append(memory.dedupeGuard().find(ACTIVITY, user, now.get())).append(' ')
                        .append(memory.waitlist().position(ACTIVITY, user)).append('\n');
            }
            s.append(memory.waitlist().size(ACTIVITY)).append(' ').append(memory.orderQueue().unacknowledged())
                    .append(' ').append(sale.activityCount()).append(' ').append(sale.activity(ACTIVITY))
                    .append(' ').append(reconciler.watchedActivities()).append(' ').append(sale.isClosing());
            return s.toString();
        }

        @Override
        public void close() {
            settler.close();
            lifecycle.close();
            sale.close();
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void bad(String entryPoint, String field, String input, Call call) {
        CASES.add(new Case(entryPoint, field, input, call));
    }

    /** The stage's failure, thrown: the asynchronous forms fail their stage as the synchronous ones throw. */
    private static Object join(CompletionStage<?> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static ActivityConfig.Builder config() {
        return ActivityConfig.builder(ACTIVITY).stock(10)
                .window(Instant.parse("2030-01-01T10:00:00Z"), Instant.parse("2030-01-01T11:00:00Z"));
    }

    static {
        // --- FlashSale
        bad("FlashSale.builder(AdmissionGate,OrderQueue)", "gate", "null", f -> FlashSale.builder(null,
                f.memory.orderQueue()));
        bad("FlashSale.builder(AdmissionGate,OrderQueue)", "queue", "null", f -> FlashSale.builder(
                f.memory.admissionGate(), null));
        bad("FlashSale.defaultQueueBreaker(Duration)", "publishTimeout", "null", f -> FlashSale.defaultQueueBreaker(
                null));
        bad("FlashSale.defaultQueueBreaker(Duration)", "publishTimeout", "zero", f -> FlashSale.defaultQueueBreaker(
                Duration.ZERO));
        bad("FlashSale.launch(ActivityConfig)", "config", "null", f -> {
            f.sale.launch(null);
            return null;
        });
        bad("FlashSale.launch(ActivityConfig)", "activityId", "another configuration of a launched activity", f -> {
            f.sale.launch(config().shards(3).waitlist(10).build());
            return null;
        });
        bad("FlashSale.retire(long)", "activityId", "0", f -> f.sale.retire(0));
        bad("FlashSale.retire(long,BackendData)", "activityId", "-1", f -> f.sale.retire(-1, BackendData.DROP));
        bad("FlashSale.retire(long,BackendData)", "data", "null", f -> f.sale.retire(ACTIVITY, null));
        for (boolean async : new boolean[] {false, true}) {
            String ep = async ? "FlashSale.attemptAsync(long,long,String,int)" : "FlashSale.attempt(long,long,String,int)";
            Object[][] inputs = {
                {"activityId", "an unknown activity", UNKNOWN, 9L, "r9", 1},
                {"activityId", "activity 0", 0L, 9L, "r9", 1},
                {"userId", "user 0", ACTIVITY, 0L, "r9", 1},
                {"userId", "user -1", ACTIVITY, -1L, "r9", 1},
                {"userId", "user MIN_VALUE", ACTIVITY, Long.MIN_VALUE, "r9", 1},
                {"requestId", "a null request id", ACTIVITY, 9L, null, 1},
                {"requestId", "an empty request id", ACTIVITY, 9L, "", 1},
                {"requestId", "a 65-character request id", ACTIVITY, 9L, TOO_LONG, 1},
                {"requestId", "a NUL in the request id", ACTIVITY, 9L, "r\u00009", 1},
                {"requestId", "a newline in the request id", ACTIVITY, 9L, "r\n9", 1},
                {"requestId", "a space in the request id", ACTIVITY, 9L, "r 9", 1},
                {"requestId", "a non-ASCII request id", ACTIVITY, 9L, "r\u00e99", 1},
                {"quantity", "quantity 0", ACTIVITY, 9L, "r9", 0},
                {"quantity", "quantity -1", ACTIVITY, 9L, "r9", -1},
                {"quantity", "quantity above the activity's maximum", ACTIVITY, 9L, "r9", 2},
                {"quantity", "quantity MAX_VALUE", ACTIVITY, 9L, "r9", Integer.MAX_VALUE},
            };
            for (Object[] in : inputs) {
                long activity = (Long) in[2];
                long user = (Long) in[3];
                String request = (String) in[4];
                int quantity = (Integer) in[5];
                bad(ep, (String) in[0], (String) in[1], f -> async
                        ? join(f.sale.attemptAsync(activity, user, request, quantity))
                        : f.sale.attempt(activity, user, request, quantity));
            }
        }
        bad("FlashSale.attempt(long,long,String)", "requestId", "a null request id", f -> f.sale.attempt(ACTIVITY, 9,
                null));
        bad("FlashSale.attempt(long,long,String)", "userId", "user 0", f -> f.sale.attempt(ACTIVITY, 0, "r9"));
        bad("FlashSale.attempt(long,long,String)", "activityId", "an unknown activity", f -> f.sale.attempt(UNKNOWN,
                9, "r9"));
        bad("FlashSale.giveBack(HeldUnits)", "units", "null", f -> f.sale.giveBack(null));
        bad("FlashSale.joinWaitlist(long,long)", "activityId", "an unknown activity", f -> f.sale.joinWaitlist(
                UNKNOWN, 9));
        bad("FlashSale.joinWaitlist(long,long)", "userId", "user 0", f -> f.sale.joinWaitlist(ACTIVITY, 0));
        bad("FlashSale.joinWaitlist(long,long)", "userId", "user -1", f -> f.sale.joinWaitlist(ACTIVITY, -1));
        bad("FlashSale.waitlistPosition(long,long)", "activityId", "an unknown activity", f -> f.sale
                .waitlistPosition(UNKNOWN, 3));
        bad("FlashSale.waitlistPosition(long,long)", "userId", "user 0", f -> f.sale.waitlistPosition(ACTIVITY, 0));
        bad("FlashSale.leaveWaitlist(long,long)", "activityId", "an unknown activity", f -> f.sale.leaveWaitlist(
                UNKNOWN, 3));
        bad("FlashSale.leaveWaitlist(long,long)", "userId", "user -3", f -> f.sale.leaveWaitlist(ACTIVITY, -3));
        Object[][] stock = {
            {"activityId", "an unknown activity", UNKNOWN, 0, 1L, "op"},
            {"shard", "shard -1", ACTIVITY, -1, 1L, "op"},
            {"shard", "shard 2 of 2", ACTIVITY, 2, 1L, "op"},
            {"units", "0 units", ACTIVITY, 0, 0L, "op"},
            {"units", "-1 units", ACTIVITY, 0, -1L, "op"},
            {"units", "MAX_VALUE units", ACTIVITY, 0, Long.MAX_VALUE, "op"},
            {"operationId", "a null operation id", ACTIVITY, 0, 1L, null},
            {"operationId", "an empty operation id", ACTIVITY, 0, 1L, ""},
            {"operationId", "a blank operation id", ACTIVITY, 0, 1L, " \t"},
            {"operationId", "a 257-character operation id", ACTIVITY, 0, 1L, "o".repeat(257)},
            {"operationId", "a NUL in the operation id", ACTIVITY, 0, 1L, "op\u0000"},
        };
        for (Object[] in : stock) {
            long activity = (Long) in[2];
            int shard = (Integer) in[3];
            long units = (Long) in[4];
            String op = (String) in[5];
            bad("FlashSale.addStock(long,int,long,String)", (String) in[0], (String) in[1], f -> {
                f.sale.addStock(activity, shard, units, op);
                return null;
            });
        }
        bad("FlashSale.isSoldOut(long)", "activityId", "activity 0", f -> f.sale.isSoldOut(0));
        bad("FlashSale.remaining(long)", "activityId", "activity -1", f -> f.sale.remaining(-1));
        bad("FlashSale.activity(long)", "activityId", "activity 0", f -> f.sale.activity(0));

        // --- FlashSaleBuilder: every setting by its name
        String[] settings = {"orderIds", "clock", "listener", "throttle", "degradedAdmission", "claimLease",
            "dataRetention", "publishTimeout", "soldOutRecheck", "breakers", "queueBreaker", "reconciler", "waitlist"};
        for (String setting : settings) {
            bad(builderMethod(FlashSaleBuilder.class, setting), setting, "null", f -> invokeWithNull(
                    FlashSale.builder(f.memory.admissionGate(), f.memory.orderQueue()), setting));
        }
        for (String setting : new String[] {"claimLease", "dataRetention", "publishTimeout", "soldOutRecheck"}) {
            for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
                bad(builderMethod(FlashSaleBuilder.class, setting), setting, d.toString(), f -> FlashSaleBuilder.class
                        .getMethod(setting, Duration.class).invoke(FlashSale.builder(f.memory.admissionGate(),
                                f.memory.orderQueue()), d));
            }
        }
        bad("FlashSaleBuilder.sharedShardBitmap(SharedShardBitmap,Duration)", "sharedShardBitmap", "null", f ->
                FlashSale.builder(f.memory.admissionGate(), f.memory.orderQueue()).sharedShardBitmap(null,
                        Duration.ofMillis(50)));
        bad("FlashSaleBuilder.sharedShardBitmap(SharedShardBitmap,Duration)", "refresh", "zero", f ->
                FlashSale.builder(f.memory.admissionGate(), f.memory.orderQueue()).sharedShardBitmap(
                        new io.github.seckill.memory.InMemorySharedShardBitmap(), Duration.ZERO));

        // --- ActivityConfig: refused when built
        bad("ActivityConfig.builder(long)", "activityId", "activity 0", f -> ActivityConfig.builder(0).build());
        bad("ActivityConfig.builder(long)", "activityId", "activity -1", f -> ActivityConfig.builder(-1).build());
        bad("ActivityConfig.Builder.skuId(long)", "skuId", "sku 0", f -> config().skuId(0).build());
        bad("ActivityConfig.Builder.stock(long)", "stock", "-1 units", f -> config().stock(-1).build());
        bad("ActivityConfig.Builder.stock(long)", "stock", "MAX_VALUE units", f -> config().stock(Long.MAX_VALUE)
                .build());
        bad("ActivityConfig.Builder.window(Instant,Instant)", "window", "a null start", f -> config().window(null,
                Instant.parse("2030-01-01T11:00:00Z")).build());
        bad("ActivityConfig.Builder.window(Instant,Instant)", "window", "a null end", f -> config().window(
                Instant.parse("2030-01-01T11:00:00Z"), null).build());
        bad("ActivityConfig.Builder.window(Instant,Instant)", "window", "an end before the start", f -> config()
                .window(Instant.parse("2030-01-01T11:00:00Z"), Instant.parse("2030-01-01T10:00:00Z")).build());
        bad("ActivityConfig.Builder.window(Instant,Instant)", "window", "an empty window", f -> config().window(
                Instant.parse("2030-01-01T11:00:00Z"), Instant.parse("2030-01-01T11:00:00Z")).build());
        bad("ActivityConfig.Builder.shards(int)", "shards", "0 shards", f -> config().shards(0).build());
        bad("ActivityConfig.Builder.shards(int)", "shards", "65 shards", f -> config().shards(65).build());
        bad("ActivityConfig.Builder.strategy(StockShardStrategy)", "strategy", "null", f -> config().strategy(null)
                .build());
        bad("ActivityConfig.Builder.paymentTimeout(Duration)", "paymentTimeout", "null", f -> config()
                .paymentTimeout(null).build());
        bad("ActivityConfig.Builder.paymentTimeout(Duration)", "paymentTimeout", "zero", f -> config()
                .paymentTimeout(Duration.ZERO).build());
        bad("ActivityConfig.Builder.maxQuantityPerOrder(int)", "maxQuantityPerOrder", "0", f -> config()
                .maxQuantityPerOrder(0).build());
        bad("ActivityConfig.Builder.giveBack(GiveBackPolicy)", "giveBack", "null", f -> config().giveBack(null)
                .build());
        bad("ActivityConfig.Builder.waitlist(int)", "waitlist", "0", f -> config().waitlist(0).build());
        bad("ActivityConfig.Builder.waitlist(int)", "waitlist", "above the maximum", f -> config().waitlist(
                ActivityConfig.MAX_WAITLIST + 1).build());
        bad("ActivityConfig(long,long,long,Instant,Instant,int,StockShardStrategy,Duration,int,GiveBackPolicy,int)",
                "stock", "-5 units", f -> new ActivityConfig(ACTIVITY, ACTIVITY, -5, Instant.parse(
                        "2030-01-01T10:00:00Z"), Instant.parse("2030-01-01T11:00:00Z"), 1,
                        ShardStrategies.polling(), Duration.ofMinutes(5), 1, GiveBackPolicy.OPEN_SALE, 10));

        // --- OrderLifecycle
        bad("OrderLifecycle.builder(StockGiveBack,StockLedger)", "giveBack", "null", f -> OrderLifecycle.builder(
                null, f.memory.stockLedger()));
        bad("OrderLifecycle.builder(StockGiveBack,StockLedger)", "ledger", "null", f -> OrderLifecycle.builder(
                f.sale, null));
        bad("OrderLifecycle.poll(long)", "orderId", "order 0", f -> f.lifecycle.poll(0));
        bad("OrderLifecycle.poll(long)", "orderId", "order -1", f -> f.lifecycle.poll(-1));
        bad("OrderLifecycle.poll(long,long)", "orderId", "order 0", f -> f.lifecycle.poll(0, 1));
        bad("OrderLifecycle.poll(long,long)", "userId", "user 0", f -> f.lifecycle.poll(f.pending, 0));
        bad("OrderLifecycle.poll(long,long,long)", "activityId", "activity 0", f -> f.lifecycle.poll(0, f.pending,
                1));
        bad("OrderLifecycle.poll(long,long,long)", "orderId", "order -1", f -> f.lifecycle.poll(ACTIVITY, -1, 1));
        bad("OrderLifecycle.poll(long,long,long)", "userId", "user MIN_VALUE", f -> f.lifecycle.poll(ACTIVITY,
                f.pending, Long.MIN_VALUE));
        bad("OrderLifecycle.paymentSucceeded(long)", "orderId", "order 0", f -> f.lifecycle.paymentSucceeded(0));
        bad("OrderLifecycle.paymentSucceeded(long)", "orderId", "order -1", f -> f.lifecycle.paymentSucceeded(-1));
        bad("OrderLifecycle.paymentSucceeded(long,long)", "userId", "user 0", f -> f.lifecycle.paymentSucceeded(
                f.pending, 0));
        bad("OrderLifecycle.paymentSucceeded(long,long)", "orderId", "another buyer's order", f -> f.lifecycle
                .paymentSucceeded(f.pending, 2));
        bad("OrderLifecycle.paymentSucceeded(long,long)", "orderId", "an unknown order", f -> f.lifecycle
                .paymentSucceeded(Long.MAX_VALUE, 1));
        bad("OrderLifecycle.paymentFailed(long)", "orderId", "order 0", f -> f.lifecycle.paymentFailed(0));
        bad("OrderLifecycle.paymentFailed(long,long)", "userId", "user -1", f -> f.lifecycle.paymentFailed(
                f.pending, -1));
        bad("OrderLifecycle.paymentFailed(long,long)", "orderId", "another buyer's order", f -> f.lifecycle
                .paymentFailed(f.pending, 2));
        bad("OrderLifecycle.cancel(long,long)", "orderId", "order 0", f -> f.lifecycle.cancel(0, 1));
        bad("OrderLifecycle.cancel(long,long)", "userId", "user 0", f -> f.lifecycle.cancel(f.pending, 0));
        bad("OrderLifecycle.cancelByOperator(long,String)", "orderId", "order -1", f -> f.lifecycle
                .cancelByOperator(-1, "risk"));
        for (String reason : new String[] {null, "", "   ", "r".repeat(256), "risk\u0000"}) {
            bad("OrderLifecycle.cancelByOperator(long,String)", "reason", reason == null ? "null" : "\""
                    + reason.replace("\u0000", "\\0") + "\"", f -> f.lifecycle.cancelByOperator(f.pending, reason));
        }
        bad("OrderLifecycle.scheduleSweeps(ScheduledExecutorService,Duration)", "scheduler", "null", f -> f.lifecycle
                .scheduleSweeps(null, Duration.ofSeconds(1)));
        bad("OrderLifecycle.scheduleSweeps(ScheduledExecutorService,Duration)", "every", "null", f -> f.lifecycle
                .scheduleSweeps(SCHEDULER, null));
        bad("OrderLifecycle.scheduleSweeps(ScheduledExecutorService,Duration)", "every", "zero", f -> f.lifecycle
                .scheduleSweeps(SCHEDULER, Duration.ZERO));
        bad("OrderLifecycle.Builder.clock(InstantSource)", "clock", "null", f -> lifecycleBuilder(f).clock(null));
        bad("OrderLifecycle.Builder.sweepBatch(int)", "sweepBatch", "0", f -> lifecycleBuilder(f).sweepBatch(0));
        bad("OrderLifecycle.Builder.listener(SeckillListener)", "listener", "null", f -> lifecycleBuilder(f)
                .listener(null));
        bad("OrderLifecycle.Builder.admission(AdmissionGate)", "admission", "null", f -> lifecycleBuilder(f)
                .admission(null));
        bad("OrderLifecycle.Builder.sweepEvery(Duration)", "sweepEvery", "null", f -> lifecycleBuilder(f)
                .sweepEvery(null));
        bad("OrderLifecycle.Builder.sweepEvery(Duration)", "sweepEvery", "-1 ms", f -> lifecycleBuilder(f)
                .sweepEvery(Duration.ofMillis(-1)));

        // --- Reconciler
        bad("Reconciler.builder(AdmissionGate,StockLedger)", "gate", "null", f -> Reconciler.builder(null,
                f.memory.stockLedger()));
        bad("Reconciler.builder(AdmissionGate,StockLedger)", "ledger", "null", f -> Reconciler.builder(
                f.memory.admissionGate(), null));
        bad("Reconciler.prepare(ActivityConfig)", "config", "null", f -> {
            f.reconciler.prepare(null);
            return null;
        });
        bad("Reconciler.giveBackThrough(StockGiveBack)", "port", "null", f -> {
            f.reconciler.giveBackThrough(null);
            return null;
        });
        bad("Reconciler.noteBypassed(long)", "activityId", "activity 0", f -> {
            f.reconciler.noteBypassed(0);
            return null;
        });
        bad("Reconciler.watch(ActivityConfig)", "config", "null", f -> {
            f.reconciler.watch(null);
            return null;
        });
        bad("Reconciler.unwatch(long)", "activityId", "activity -1", f -> f.reconciler.unwatch(-1));
        bad("Reconciler.reconcile(long)", "activityId", "an unwatched activity", f -> f.reconciler.reconcile(
                UNKNOWN));
        bad("Reconciler.reconcile(long)", "activityId", "activity 0", f -> f.reconciler.reconcile(0));
        bad("Reconciler.schedule(ScheduledExecutorService,Duration)", "executor", "null", f -> f.reconciler.schedule(
                null, Duration.ofSeconds(1)));
        bad("Reconciler.schedule(ScheduledExecutorService,Duration)", "every", "zero", f -> f.reconciler.schedule(
                SCHEDULER, Duration.ZERO));
        bad("Reconciler.schedule(ScheduledExecutorService,Duration)", "every", "null", f -> f.reconciler.schedule(
                SCHEDULER, null));
        bad("Reconciler.runSoon(long)", "activityId", "activity 0", f -> {
            f.reconciler.runSoon(0);
            return null;
        });
        for (String setting : new String[] {"queue", "leases", "clock", "listener", "holder", "leaseTtl",
            "strandedAfter", "dataRetention"}) {
            bad(builderMethod(ReconcilerBuilder.class, setting), setting, "null", f -> invokeWithNull(
                    Reconciler.builder(f.memory.admissionGate(), f.memory.stockLedger()), setting));
        }
        for (String setting : new String[] {"leaseTtl", "strandedAfter", "dataRetention"}) {
            bad(builderMethod(ReconcilerBuilder.class, setting), setting, "zero", f -> ReconcilerBuilder.class
                    .getMethod(setting, Duration.class).invoke(Reconciler.builder(f.memory.admissionGate(),
                            f.memory.stockLedger()), Duration.ZERO));
        }
        bad("ReconcilerBuilder.holder(String)", "holder", "blank", f -> Reconciler.builder(f.memory.admissionGate(),
                f.memory.stockLedger()).holder(" "));
        bad("ReconcilerBuilder.holder(String)", "holder", "257 characters", f -> Reconciler.builder(
                f.memory.admissionGate(), f.memory.stockLedger()).holder("h".repeat(257)));

        // --- OrderSettler
        bad("OrderSettler.builder(OrderQueue,StockLedger)", "queue", "null", f -> OrderSettler.builder(null,
                f.memory.stockLedger()));
        bad("OrderSettler.builder(OrderQueue,StockLedger)", "ledger", "null", f -> OrderSettler.builder(
                f.memory.orderQueue(), null));
        bad("OrderSettler.Builder.consumers(int)", "consumers", "0", f -> settlerBuilder(f).consumers(0));
        bad("OrderSettler.Builder.listener(SeckillListener)", "listener", "null", f -> settlerBuilder(f)
                .listener(null));
        bad("OrderSettler.Builder.givingBackTo(StockGiveBack)", "givingBackTo", "null", f -> settlerBuilder(f)
                .givingBackTo(null));
        bad("OrderSettler.Builder.maxSettleRate(int)", "maxSettleRate", "1", f -> settlerBuilder(f)
                .maxSettleRate(1));
        bad("OrderSettler.Builder.maxSettleRate(int)", "maxSettleRate", "-1", f -> settlerBuilder(f)
                .maxSettleRate(-1));

        // --- DegradedAdmission and the throttle
        for (double ratio : new double[] {-0.1, 1.1, Double.NaN}) {
            bad("DegradedAdmission.queueDirectly(double,Duration)", "passRatio", String.valueOf(ratio), f ->
                    DegradedAdmission.queueDirectly(ratio, Duration.ofSeconds(1)));
            bad("DegradedAdmission.Builder.passRatio(double)", "passRatio", String.valueOf(ratio), f ->
                    DegradedAdmission.builder().passRatio(ratio));
            bad("AdmissionThrottle.passRatio(double)", "passRatio", String.valueOf(ratio), f -> AdmissionThrottle
                    .passRatio(ratio));
        }
        bad("DegradedAdmission.queueDirectly(double,Duration)", "retryBackendAfter", "null", f -> DegradedAdmission
                .queueDirectly(0.5, null));
        bad("DegradedAdmission.defaultBreaker(Duration)", "retryBackendAfter", "null", f -> DegradedAdmission
                .defaultBreaker(null));
        bad("DegradedAdmission.defaultBreaker(Duration)", "retryBackendAfter", "zero", f -> DegradedAdmission
                .defaultBreaker(Duration.ZERO));
        bad("DegradedAdmission.Builder.mode(DegradedAdmission.Mode)", "mode", "null", f -> DegradedAdmission
                .builder().mode(null));
        bad("DegradedAdmission.Builder.autoPassFactor(double)", "autoPassFactor", "0", f -> DegradedAdmission
                .builder().autoPassFactor(0));
        bad("DegradedAdmission.Builder.autoPassFactor(double)", "autoPassFactor", "NaN", f -> DegradedAdmission
                .builder().autoPassFactor(Double.NaN));
        bad("DegradedAdmission.Builder.localQuota(LongUnaryOperator)", "localQuota", "null", f -> DegradedAdmission
                .builder().localQuota(null));
        bad("DegradedAdmission.Builder.shedAbove(long)", "shedAbove", "-1", f -> DegradedAdmission.builder()
                .shedAbove(-1));
        bad("DegradedAdmission.Builder.retryBackendAfter(Duration)", "retryBackendAfter", "null", f ->
                DegradedAdmission.builder().retryBackendAfter(null));
        bad("DegradedAdmission.Builder.retryBackendAfter(Duration)", "retryBackendAfter", "zero", f ->
                DegradedAdmission.builder().retryBackendAfter(Duration.ZERO));
        bad("DegradedAdmission.Builder.breaker(CircuitBreakerConfig)", "breaker", "null", f -> DegradedAdmission
                .builder().breaker(null));
        bad("AdmissionThrottle.maxPerSecond(int,InstantSource)", "maxPerSecond", "0", f -> AdmissionThrottle
                .maxPerSecond(0, f.clock));
        bad("AdmissionThrottle.maxPerSecond(int,InstantSource)", "clock", "null", f -> AdmissionThrottle
                .maxPerSecond(10, null));

        // --- Auditor, OrderUpdates, Drain
        bad("Auditor.of(StockLedger)", "ledger", "null", f -> Auditor.of(null));
        bad("Auditor.of(StockLedger,AdmissionGate,Duration)", "ledger", "null", f -> Auditor.of(null,
                f.memory.admissionGate(), Duration.ofSeconds(30)));
        bad("Auditor.of(StockLedger,AdmissionGate,Duration)", "admission", "null", f -> Auditor.of(
                f.memory.stockLedger(), null, Duration.ofSeconds(30)));
        bad("Auditor.of(StockLedger,AdmissionGate,Duration)", "grace", "null", f -> Auditor.of(
                f.memory.stockLedger(), f.memory.admissionGate(), null));
        bad("Auditor.of(StockLedger,AdmissionGate,Duration)", "grace", "negative", f -> Auditor.of(
                f.memory.stockLedger(), f.memory.admissionGate(), Duration.ofSeconds(-1)));
        bad("Auditor.withClock(InstantSource)", "clock", "null", f -> Auditor.of(f.memory.stockLedger())
                .withClock(null));
        bad("Auditor.audit(long)", "activityId", "activity 0", f -> Auditor.of(f.memory.stockLedger()).audit(0));
        bad("OrderUpdates(OrderStatusFeed,StockLedger)", "feed", "null", f -> new OrderUpdates(null,
                f.memory.stockLedger()));
        bad("OrderUpdates(OrderStatusFeed,StockLedger)", "ledger", "null", f -> new OrderUpdates(
                new InMemoryOrderStatusFeed(), null));
        bad("OrderUpdates.watch(long,long,Consumer)", "activityId", "activity 0", f -> new OrderUpdates(
                new InMemoryOrderStatusFeed(), f.memory.stockLedger()).watch(0, f.pending, u -> { }));
        bad("OrderUpdates.watch(long,long,Consumer)", "orderId", "order 0", f -> new OrderUpdates(
                new InMemoryOrderStatusFeed(), f.memory.stockLedger()).watch(ACTIVITY, 0, u -> { }));
        bad("OrderUpdates.watch(long,long,Consumer)", "subscriber", "null", f -> new OrderUpdates(
                new InMemoryOrderStatusFeed(), f.memory.stockLedger()).watch(ACTIVITY, f.pending, null));
        bad("OrderUpdates.watchActivity(long,Consumer)", "activityId", "activity -1", f -> new OrderUpdates(
                new InMemoryOrderStatusFeed(), f.memory.stockLedger()).watchActivity(-1, u -> { }));
        bad("OrderUpdates.watchActivity(long,Consumer)", "subscriber", "null", f -> new OrderUpdates(
                new InMemoryOrderStatusFeed(), f.memory.stockLedger()).watchActivity(ACTIVITY, null));
        bad("Drain.sweeping(OrderLifecycle)", "orders", "null", f -> f.sale.drain().sweeping(null));
        bad("Drain.thenClosing(AutoCloseable[])", "resources", "null", f -> f.sale.drain().thenClosing(
                (AutoCloseable[]) null));
        bad("Drain.thenClosing(AutoCloseable[])", "resources", "a null resource", f -> f.sale.drain().thenClosing(
                (AutoCloseable) null));
        bad("Drain.run(Duration)", "timeout", "null", f -> f.sale.drain().run(null));
        bad("Drain.run(Duration)", "timeout", "negative", f -> f.sale.drain().run(Duration.ofSeconds(-1)));
    }

    /** Entry points that take no input a caller could get wrong, and why. */
    private static final Map<String, String> NOT_INPUT = Map.of(
            "DegradedAdmission.isBackendFailure(Throwable)", "a predicate over any failure; null is none",
            "AdmissionThrottle.tryAcquire(long)", "implemented by callers (SPI), called by the engine",
            "OrderSettler.Builder.mergedSettlement(boolean)", "both values are valid",
            "ActivityConfig.equals(Object)", "Object's contract");

    private static final List<Class<?>> ENTRY_CLASSES = List.of(FlashSale.class, FlashSaleBuilder.class,
            ActivityConfig.class, ActivityConfig.Builder.class, OrderLifecycle.class, OrderLifecycle.Builder.class,
            Reconciler.class, ReconcilerBuilder.class, OrderSettler.class, OrderSettler.Builder.class,
            DegradedAdmission.class, DegradedAdmission.Builder.class, AdmissionThrottle.class, Auditor.class,
            OrderUpdates.class, Drain.class);

    private static OrderLifecycle.Builder lifecycleBuilder(Fixture f) {
        return OrderLifecycle.builder(f.sale, f.memory.stockLedger());
    }

    private static OrderSettler.Builder settlerBuilder(Fixture f) {
        return OrderSettler.builder(f.memory.orderQueue(), f.memory.stockLedger());
    }

    private static String builderMethod(Class<?> builder, String setting) {
        for (Method m : builder.getMethods()) {
            if (m.getName().equals(setting) && m.getParameterCount() == 1) {
                return key(m);
            }
        }
        throw new IllegalArgumentException("no setting " + setting + " in " + builder);
    }

    private static Object invokeWithNull(Object builder, String setting) throws Exception {
        for (Method m : builder.getClass().getMethods()) {
            if (m.getName().equals(setting) && m.getParameterCount() == 1) {
                return m.invoke(builder, (Object) null);
            }
        }
        throw new IllegalArgumentException("no setting " + setting);
    }

    private static String name(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : name(c.getEnclosingClass()) + "." + c.getSimpleName();
    }

    private static String key(Executable e) {
        String params = Arrays.stream(e.getParameterTypes()).map(BadInputTest::name).collect(Collectors.joining(","));
        String owner = name(e.getDeclaringClass());
        return (e instanceof Constructor<?> ? owner : owner + "." + e.getName()) + "(" + params + ")";
    }

    /** Every public method and constructor that takes input, of every entry class. */
    private static Set<String> entryPoints() {
        Set<String> keys = new TreeSet<>();
        for (Class<?> c : ENTRY_CLASSES) {
            List<Executable> all = new ArrayList<>(Arrays.asList(c.getDeclaredMethods()));
            all.addAll(Arrays.asList(c.getDeclaredConstructors()));
            for (Executable e : all) {
                if (Modifier.isPublic(e.getModifiers()) && !e.isSynthetic() && e.getParameterCount() > 0
                        && !(e instanceof Method m && m.isBridge())) {
                    keys.add(key(e));
                }
            }
        }
        return keys;
    }

    @Test
    void everyPublicEntryPointWithInputHasItsBadInputs() {
        Set<String> covered = CASES.stream().map(Case::entryPoint).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(entryPoints());
        missing.removeAll(covered);
        missing.removeAll(NOT_INPUT.keySet());
        assertThat(missing).as("public entry points without a bad-input case").isEmpty();
        Set<String> stale = new TreeSet<>(covered);
        stale.addAll(NOT_INPUT.keySet());
        stale.removeAll(entryPoints());
        assertThat(stale).as("cases of entry points that no longer exist").isEmpty();
    }

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedNamingTheFieldAndChangesNothing(Case c) throws Exception {
        try (Fixture f = new Fixture()) {
            String before = f.state();
            Throwable thrown = catchThrowable(() -> c.call().on(f));
            if (thrown instanceof java.lang.reflect.InvocationTargetException ite) {
                thrown = ite.getCause();
            }
            assertThat(thrown).as(c.toString()).isInstanceOf(InvalidRequestException.class);
            assertThat(((InvalidRequestException) thrown).field()).as(c.toString()).isEqualTo(c.field());
            assertThat(f.state()).as("nothing changed: " + c).isEqualTo(before);
        }
    }
}
