package io.github.seckill.id;

import java.time.InstantSource;

/**
 * Generates order ids at admission time, before any database row exists, so a buyer can poll for the result at once.
 * Ids must be positive, unique across every JVM of a deployment and, for the built-in generator, time-ordered.
 */
@FunctionalInterface
public interface OrderIdGenerator {

    /** @return a new, never returned before, positive order id */
    long nextId();

    /**
     * The generator engines use when none is configured: one per JVM, so that several engines in a JVM never collide,
     * with a random worker id. Two JVMs may still draw the same worker id (1 in 1024 per pair), so a deployment of
     * several JVMs must configure {@link #snowflake(int)} with distinct worker ids.
     *
     * @return the JVM-wide default generator
     */
    static OrderIdGenerator jvmDefault() {
        return SnowflakeOrderIdGenerator.JvmDefault.INSTANCE;
    }

    /**
     * A snowflake generator: 41 bits of milliseconds, 10 bits of worker id, 12 bits of sequence. Give every JVM of a
     * deployment its own worker id (0 to 1023), for example from the pod ordinal; no other coordination is needed.
     *
     * @param workerId this JVM's worker id, 0 to 1023
     * @return a generator on the system clock
     */
    static OrderIdGenerator snowflake(int workerId) {
        return new SnowflakeOrderIdGenerator(workerId, InstantSource.system());
    }

    /**
     * @param workerId this JVM's worker id, 0 to 1023
     * @param clock the wall clock the ids embed
     * @return a snowflake generator on the given clock
     */
    static OrderIdGenerator snowflake(int workerId, InstantSource clock) {
        return new SnowflakeOrderIdGenerator(workerId, clock);
    }
}
