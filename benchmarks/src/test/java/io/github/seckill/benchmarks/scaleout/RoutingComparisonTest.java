package io.github.seckill.benchmarks.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.testservers.RedisClusterEndpoint;
import io.github.seckill.testservers.junit.WithRedisCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison runs on a real cluster and counts what it claims to count. */
@WithRedisCluster
class RoutingComparisonTest {

    @Test
    void threeInstancesSellOutInEitherModeAndEveryDecisionIsCounted(RedisClusterEndpoint cluster)
            throws Exception {
        List<RoutingComparison.Round> rounds = new RoutingComparison(cluster.uris(), 3, 16, 400, 2_000, 4)
                .run(1, System.nanoTime() % 1_000_000_000L);
        rounds.forEach(System.out::println);
        assertThat(rounds).extracting(RoutingComparison.Round::mode).containsExactly("local", "shared");
        for (RoutingComparison.Round r : rounds) {
            assertThat(r.admitted()).as(r.mode()).isEqualTo(400);
            assertThat(r.attempts()).as(r.mode()).isGreaterThanOrEqualTo(400);
            assertThat(r.probes()).as(r.mode()).isGreaterThanOrEqualTo(r.attempts());
        }
    }
}
