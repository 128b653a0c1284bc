package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.tck.Tck;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On a cluster, an activity's shards land on different masters, as the cluster itself reports it: each key's slot by
 * CLUSTER KEYSLOT, each slot's master by CLUSTER SHARDS asked of every node.
 */
@WithRedisCluster
class ClusterPlacementTest {

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void closeBackends() {
        redis.close();
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3, 4, 16, 64})
    void shardsSpreadEvenlyOverTheMasters(int shards) {
        SeckillRedis backend = redis.cluster();
        long activity = Tck.uniqueId();
        backend.stockStore().load(activity, new long[shards]);
        RawRedis raw = RawRedis.of(backend);
        Map<Integer, String> masterOfSlot = slotMap(raw);
        assertThat(masterOfSlot).hasSize(16_384);
        long masters = masterOfSlot.values().stream().distinct().count();
        assertThat(masters).isEqualTo(3);

        List<String> stockKeys = raw.stockKeys(activity);
        List<String> orderKeys = raw.orderKeys(activity);
        Map<String, Integer> shardsPerMaster = new HashMap<>();
        for (int i = 0; i < shards; i++) {
            int slot = raw.sync().clusterKeyslot(stockKeys.get(i)).intValue();
            assertThat(raw.sync().clusterKeyslot(orderKeys.get(i)).intValue()).as("orders of shard %d", i)
                    .isEqualTo(slot);
            shardsPerMaster.merge(masterOfSlot.get(slot), 1, Integer::sum);
        }
        if (shards <= masters) {
            assertThat(shardsPerMaster).hasSize(shards).allSatisfy((master, count) -> assertThat(count).isOne());
        } else {
            assertThat(shardsPerMaster).hasSize((int) masters);
            int most = shardsPerMaster.values().stream().max(Integer::compare).orElseThrow();
            int fewest = shardsPerMaster.values().stream().min(Integer::compare).orElseThrow();
            assertThat(most - fewest).as("shards per master %s", shardsPerMaster).isLessThanOrEqualTo(1);
        }
    }

    /** Slot to master node id, from each node's own CLUSTER MYID and CLUSTER SHARDS-free slot ownership. */
    private static Map<Integer, String> slotMap(RawRedis raw) {
        Map<Integer, String> owner = new HashMap<>();
        raw.onEveryNode(node -> {
            String me = node.clusterMyId();
            for (String line : node.clusterNodes().split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 9 || !f[0].equals(me)) {
                    continue;
                }
                for (int i = 8; i < f.length; i++) {
                    if (f[i].startsWith("[")) {
                        continue; // a slot being migrated
                    }
                    String[] range = f[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
                    for (int s = from; s <= to; s++) {
                        owner.put(s, me);
                    }
                }
            }
        });
        return owner;
    }
}
