package io.github.seckill.tck.memory;

import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.memory.InMemorySharedShardBitmap;
import io.github.seckill.tck.SharedShardBitmapContractTest;

class InMemorySharedShardBitmapContractTest extends SharedShardBitmapContractTest {
    @Override
    protected SharedShardBitmap createBitmap() {
        return new InMemorySharedShardBitmap();
    }
}
