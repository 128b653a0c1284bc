package io.github.seckill.tck.memory;

import io.github.seckill.admission.DedupeGuard;
import io.github.seckill.memory.InMemoryDedupeGuard;
import io.github.seckill.tck.DedupeGuardContractTest;

class InMemoryDedupeGuardContractTest extends DedupeGuardContractTest {
    @Override
    protected DedupeGuard createGuard() {
        return new InMemoryDedupeGuard();
    }
}
