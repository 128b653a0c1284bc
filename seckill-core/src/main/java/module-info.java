/**
 * seckill's core: the SPIs, the flash-sale engine, shard strategies and the in-memory implementations. Every
 * package is API; the nullness annotations and the engine's circuit-breaker settings (resilience4j) are part of it,
 * so readers of this module read both too.
 */
module io.github.seckill {
    requires transitive org.jspecify;
    requires transitive io.github.resilience4j.circuitbreaker;
    // the breakers' event consumers; named so that it lands on the module path beside the breaker
    requires io.github.resilience4j.core;
    // settle-rate pacing, inside the settler only
    requires io.github.bucket4j.core;
    requires org.slf4j;

    exports io.github.seckill;
    exports io.github.seckill.admission;
    exports io.github.seckill.engine;
    exports io.github.seckill.event;
    exports io.github.seckill.id;
    exports io.github.seckill.lease;
    exports io.github.seckill.ledger;
    exports io.github.seckill.lifecycle;
    exports io.github.seckill.memory;
    exports io.github.seckill.queue;
    exports io.github.seckill.reconcile;
    exports io.github.seckill.settlement;
    exports io.github.seckill.shard;
    exports io.github.seckill.shard.execution;
    exports io.github.seckill.status;
}
