package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.testservers.junit.WithRedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@WithRedisCluster
class RedisClusterSmokeTest {

    @Test
    void everyNodeReportsAHealthyClusterOfThree(RedisClusterEndpoint cluster) {
        assertThat(cluster.nodes()).hasSize(3);
        for (String uri : cluster.uris()) {
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                String info = connection.sync().clusterInfo();
                assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_slots_assigned:16384");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void keysWrittenThroughAClusterClientAreReadBackFromSeveralMasters(RedisClusterEndpoint cluster) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.seedUri()));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> commands = connection.sync();
            String prefix = "cluster-smoke:" + UUID.randomUUID() + ":";
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                commands.set(prefix + i, "value-" + i);
                slots.add(commands.clusterKeyslot(prefix + i).intValue());
            }
            for (int i = 0; i < 20; i++) {
                assertThat(commands.get(prefix + i)).isEqualTo("value-" + i);
            }
            // three masters own about a third of the slots each, so 20 keys land on more than one of them
            long mastersHoldingKeys = connection.getPartitions().stream()
                    .filter(node -> slots.stream().anyMatch(node::hasSlot))
                    .count();
            assertThat(mastersHoldingKeys).isGreaterThan(1);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void aReplicaTakesOverTheSlotsOfAKilledMaster() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerMaster(1).nodeTimeout(Duration.ofSeconds(1))
                .start()) {
            assertThat(cluster.nodes()).hasSize(6);
            for (RedisServer master : cluster.masters()) {
                assertThat(role(master)).as("role of " + master).isEqualTo("master");
            }
            for (RedisServer replica : cluster.replicas()) {
                assertThat(role(replica)).as("role of " + replica).isEqualTo("slave");
            }
            RedisServer killed = cluster.masters().get(0);
            killed.kill();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            RedisServer survivor = cluster.masters().get(1);
            while (!(clusterInfo(survivor).contains("cluster_state:ok")
                    && cluster.replicas().stream().anyMatch(r -> "master".equals(role(r))))) {
                assertThat(System.nanoTime()).as("a replica promoted within 30 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static String role(RedisServer node) {
        try (RespClient client = RespClient.connect(node.host(), node.port(), Duration.ofSeconds(2))) {
            String replication = String.valueOf(client.command("INFO", "replication"));
            return replication.contains("role:master") ? "master" : replication.contains("role:slave") ? "slave" : "?";
        } catch (java.io.IOException e) {
            return "down";
        }
    }

    private static String clusterInfo(RedisServer node) {
        try (RespClient client = RespClient.connect(node.host(), node.port(), Duration.ofSeconds(2))) {
            return String.valueOf(client.command("CLUSTER", "INFO"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
