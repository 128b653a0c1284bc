package io.github.seckill.tck.memory;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.tck.AdmissionGateContractTest;

class InMemoryAdmissionGateContractTest extends AdmissionGateContractTest {
    @Override
    protected AdmissionGate createGate() {
        return InMemorySeckill.create().admissionGate();
    }
}
