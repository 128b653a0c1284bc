package io.github.seckill.testkit.memory;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.memory.InMemorySeckill;
import io.github.seckill.testkit.tck.AdmissionGateContractTest;

class InMemoryAdmissionGateTest extends AdmissionGateContractTest {
    @Override
    protected AdmissionGate createGate() {
        return InMemorySeckill.create().admissionGate();
    }
}
