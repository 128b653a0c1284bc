package io.github.seckill.testkit.memory;

import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.memory.InMemoryDedupeGuard;
import io.github.seckill.testkit.tck.DedupeGuardContractTest;

class InMemoryDedupeGuardTest extends DedupeGuardContractTest {
    @Override
    protected DedupeGuard createGuard() {
        return new InMemoryDedupeGuard();
    }
}
