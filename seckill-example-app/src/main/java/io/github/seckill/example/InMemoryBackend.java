package io.github.seckill.example;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.queue.OrderQueue;

/** The embedded default: the whole pipeline in this JVM, nothing to install. */
final class InMemoryBackend implements DemoBackend {

    private final InMemorySeckill memory = InMemorySeckill.create();

    @Override
    public String describe() {
        return "in-memory";
    }

    @Override
    public AdmissionGate gate() {
        return memory.admissionGate();
    }

    @Override
    public OrderQueue queue() {
        return memory.orderQueue();
    }

    @Override
    public StockLedger ledger() {
        return memory.stockLedger();
    }

    @Override
    public void close() {
        memory.orderQueue().close();
    }
}
