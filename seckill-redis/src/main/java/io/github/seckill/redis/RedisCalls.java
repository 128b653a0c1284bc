package io.github.seckill.redis;

import io.github.seckill.ActivityNotLoadedException;
import io.github.seckill.AttemptOutcomeUnknownException;
import io.github.seckill.BackendUnavailableException;
import io.github.seckill.OrderIdConflictException;
import io.github.seckill.SeckillException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One Lettuce connection (standalone or cluster) as the backend uses it: every call asynchronous and bounded by the
 * command timeout, the Lua script ({@code seckill.lua}) called by EVALSHA and loaded again after a NOSCRIPT, and
 * Lettuce's failures translated into the SDK's exceptions.
 */
final class RedisCalls implements AutoCloseable {

    /** What a failed call means for its caller. */
    enum Kind {
        /** Part of an admission: a timeout leaves its outcome unknown, and a retry with the same request resolves it. */
        ADMISSION,
        /** Anything else: every failure is a {@link BackendUnavailableException}. */
        OTHER
    }

    private static final String SCRIPT_RESOURCE = "seckill.lua";
    private static final String NOT_LOADED = "SECKILL_NOT_LOADED";
    private static final String CONFLICT = "SECKILL_ORDER_CONFLICT";

    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final long timeoutNanos;
    private final Executor callbacks;
    private final String script;
    private final String sha;
    private final byte[] shaBytes;

    RedisCalls(
            StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands,
            Duration timeout, Executor callbacks) {
        this.connection = connection;
        this.commands = commands;
        this.timeoutNanos = timeout.toNanos();
        this.callbacks = callbacks;
        this.script = readScript();
        this.sha = commands.digest(script);
        this.shaBytes = sha.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readScript() {
        try (InputStream in = RedisCalls.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the script (on every master of a cluster), so that the first admissions need no reload. */
    void loadScript() {
        await(send(() -> commands.scriptLoad(script)), Kind.OTHER, "SCRIPT LOAD");
    }

    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /**
     * Runs {@code task} on the callback executor, never on a Lettuce I/O thread: callers may block on Redis in what
     * the task completes. If the executor refuses (it is shutting down), runs it here rather than lose answers.
     */
    void deliver(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * Sends a command.
     *
     * @param command issues the command on {@link #commands()}
     * @return its reply, or a failure once the command timeout has passed
     */
    <T> CompletableFuture<T> send(Supplier<RedisFuture<T>> command) {
        return raw(command).orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs one operation of the script: EVALSHA, and after a NOSCRIPT (a flushed cache, a restarted or new node)
     * SCRIPT LOAD and EVALSHA again. A NOSCRIPT means the script did not run, so the retry cannot apply it twice.
     *
     * @param type the reply type
     * @param keys every key the operation touches
     * @param op the operation
     * @param opArgs its arguments, in its layout
     * @return the reply, or a failure once the command timeout has passed
     */
    <T> CompletableFuture<T> script(ScriptOutputType type, String[] keys, ScriptOp op, String... opArgs) {
        String[] args = op.argv(opArgs);
        return evalshaReloading(() -> commands.evalsha(sha, type, keys, args));
    }

    /**
     * Runs the script with arguments and a reply decoder of the caller's own, as {@link #script} does (loading it
     * again after a NOSCRIPT).
     *
     * @param args {@code EVALSHA}'s arguments, the SHA-1 ({@link #scriptSha()}) first
     * @param output makes a fresh decoder for each send
     * @return the decoded reply, or a failure once the command timeout has passed
     */
    <T> CompletableFuture<T> evalsha(CommandArgs<String, String> args, Supplier<CommandOutput<String, String, T>> output) {
        return evalshaReloading(() -> commands.dispatch(CommandType.EVALSHA, output.get(), args));
    }

    /** @return the script's SHA-1 in ASCII, as {@link #evalsha(CommandArgs, Supplier)} callers send it */
    byte[] scriptSha() {
        return shaBytes.clone();
    }

    private <T> CompletableFuture<T> evalshaReloading(Supplier<RedisFuture<T>> evalsha) {
        CompletableFuture<T> result = new CompletableFuture<>();
        this.<T>raw(evalsha).whenComplete((reply, failure) -> {
            if (failure == null) {
                result.complete(reply);
            } else if (isNoScript(unwrap(failure))) {
                this.<String>raw(() -> commands.scriptLoad(script))
                        .thenCompose(loaded -> this.<T>raw(evalsha))
                        .whenComplete((again, error) -> {
                            if (error == null) {
                                result.complete(again);
                            } else {
                                result.completeExceptionally(unwrap(error));
                            }
                        });
            } else {
                result.completeExceptionally(unwrap(failure));
            }
        });
        return result.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private static boolean isNoScript(Throwable t) {
        return t instanceof RedisNoScriptException
                || (t instanceof RedisCommandExecutionException && String.valueOf(t.getMessage()).startsWith("NOSCRIPT"));
    }

    /**
     * A command's reply as a future of our own, so that timing it out never touches Lettuce's command. While the
     * connection is down nothing is sent: Lettuce would otherwise buffer the command until it reconnects, and every
     * attempt would time out as "unknown" instead of failing at once as unavailable (which degraded admission needs).
     */
    private <T> CompletableFuture<T> raw(Supplier<RedisFuture<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!connection.isOpen()) {
            result.completeExceptionally(new BackendUnavailableException("redis", "not connected", null));
            return result;
        }
        try {
            command.get().whenComplete((reply, failure) -> {
                if (failure == null) {
                    result.complete(reply);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Waits for a call.
     *
     * @param call the call
     * @param kind what a failure means
     * @param what the call, for messages
     * @return its reply
     */
    static <T> T await(CompletableFuture<T> call, Kind kind, String what) {
        return await(call, kind, what, 0);
    }

    /**
     * Waits for a call about one activity.
     *
     * @param call the call
     * @param kind what a failure means
     * @param what the call, for messages
     * @param activityId the activity: a script that finds it not loaded fails with
     *     {@link ActivityNotLoadedException}
     * @return its reply
     */
    static <T> T await(CompletableFuture<T> call, Kind kind, String what, long activityId) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            // translate unwraps the ExecutionException itself, and copes with one that has no cause
            throw translate(e, kind, what, activityId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kind == Kind.ADMISSION
                    ? new AttemptOutcomeUnknownException(what + " interrupted; retry with the same request id", e)
                    : new BackendUnavailableException("redis", what + " interrupted", e);
        }
    }

    /**
     * @param failure what a call failed with
     * @param kind what a failure means
     * @param what the call, for messages
     * @return the SDK's exception for it
     */
    static RuntimeException translate(Throwable failure, Kind kind, String what) {
        return translate(failure, kind, what, 0);
    }

    /**
     * @param failure what a call failed with
     * @param kind what a failure means
     * @param what the call, for messages
     * @param activityId the activity the call was about, {@code 0} if none
     * @return the SDK's exception for it
     */
    static RuntimeException translate(Throwable failure, Kind kind, String what, long activityId) {
        Throwable t = unwrap(failure);
        if (t instanceof SeckillException || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return (RuntimeException) t;
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof RedisCommandExecutionException && message.contains(NOT_LOADED)) {
            return activityId > 0 ? new ActivityNotLoadedException("redis", activityId)
                    : new IllegalStateException(what + ": the activity has no stock loaded");
        }
        if (t instanceof RedisCommandExecutionException && message.contains(CONFLICT)) {
            return new OrderIdConflictException(0, what + ": the order id holds units for another user");
        }
        if (t instanceof TimeoutException || t instanceof RedisCommandTimeoutException) {
            return kind == Kind.ADMISSION
                    ? new AttemptOutcomeUnknownException(
                            what + " got no answer in time; retry with the same request id", t)
                    : new BackendUnavailableException("redis", what + " got no answer in time", t);
        }
        return new BackendUnavailableException("redis", what + " failed: " + t.getMessage(), t);
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        connection.close();
    }
}
