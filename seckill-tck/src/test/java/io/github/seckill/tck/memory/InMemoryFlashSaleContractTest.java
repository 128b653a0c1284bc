package io.github.seckill.tck.memory;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.tck.FlashSaleContractTest;

class InMemoryFlashSaleContractTest extends FlashSaleContractTest {
    @Override
    protected AdmissionGate createGate() {
        return InMemorySeckill.create().admissionGate();
    }
}
