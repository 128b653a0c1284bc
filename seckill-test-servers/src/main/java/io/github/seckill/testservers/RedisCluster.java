package io.github.seckill.testservers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster of masters (three by default), each with as many replicas as asked (none by default), every node a
 * {@link RedisServer} with {@code cluster-enabled yes} on a loopback port whose cluster bus port (port + 10000) is
 * free too. The cluster is formed with {@code redis-cli --cluster create ... --cluster-replicas N --cluster-yes},
 * and {@link Builder#start()} returns once every node reports {@code cluster_state:ok} and knows all the others,
 * and every replica is linked to its master.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder().start()) {
 *   RedisClusterClient client = RedisClusterClient.create(cluster.endpoint().seedUri());
 *   ...
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final int BUS_PORT_OFFSET = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final List<RedisServer> nodes;
    private final int masters;

    private RedisCluster(List<RedisServer> nodes, int masters) {
        this.nodes = List.copyOf(nodes);
        this.masters = masters;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every node, the masters first in slot order, then the replicas; each can be stopped, killed, paused and started
     * again. After a failover, a node's role is what {@code ROLE} or {@code CLUSTER NODES} says, not its place here.
     */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The nodes that were masters when the cluster formed, in slot order. */
    public List<RedisServer> masters() {
        return nodes.subList(0, masters);
    }

    /** The nodes that were replicas when the cluster formed. */
    public List<RedisServer> replicas() {
        return nodes.subList(masters, nodes.size());
    }

    /** An endpoint whose nodes' controls act on this cluster's servers. */
    public RedisClusterEndpoint endpoint() {
        return new RedisClusterEndpoint(nodes.stream().map(RedisServer::endpoint).toList());
    }

    /** Stops every node and deletes their directories. */
    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "RedisCluster" + nodes.stream().map(RedisServer::uri).toList();
    }

    /** Settings of a {@link RedisCluster}; {@link #start()} starts one. */
    public static final class Builder {

        private int masters = 3;
        private int replicasPerMaster;
        private Duration nodeTimeout = Duration.ofSeconds(5);
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /** How many masters share the 16384 slots; 3 by default, the fewest {@code redis-cli} accepts. */
        public Builder masters(int masters) {
            if (masters < 3) {
                throw new IllegalArgumentException("redis-cli --cluster create needs at least 3 masters, not " + masters);
            }
            this.masters = masters;
            return this;
        }

        /**
         * How many replicas each master has; 0 by default. {@code redis-cli} places each master's replicas on other
         * nodes' ports and picks them itself, so which replica follows which master is read from the cluster.
         */
        public Builder replicasPerMaster(int replicas) {
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas per master must be 0 or more, not " + replicas);
            }
            this.replicasPerMaster = replicas;
            return this;
        }

        /** The {@code cluster-node-timeout} after which an unreachable node counts as failed; 5 s by default. */
        public Builder nodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** How long forming the cluster may take, nodes included; 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Starts the nodes, forms the cluster and waits until every node reports it healthy.
         *
         * @throws ServerStartupException if Redis is not installed or the cluster does not form in time
         */
        public RedisCluster start() {
            Path redisCli = ServerBinaries.require("redis-cli (Redis tools)", "redis-cli");
            for (int attempt = 1; ; attempt++) {
                long started = System.nanoTime();
                List<RedisServer> nodes = new ArrayList<>();
                try {
                    for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
                        nodes.add(RedisServer.builder()
                                .port(FreePorts.withCompanion(BUS_PORT_OFFSET))
                                .config("cluster-enabled", "yes")
                                .config("cluster-config-file", "nodes.conf")
                                .config("cluster-node-timeout", Long.toString(nodeTimeout.toMillis()))
                                .directoryName("redis-cluster-node")
                                .start());
                    }
                    form(redisCli, nodes);
                    LOG.info("Started Redis Cluster {} in {} ms", nodes.stream().map(RedisServer::port).toList(),
                            (System.nanoTime() - started) / 1_000_000);
                    return new RedisCluster(nodes, masters);
                } catch (ServerStartupException e) {
                    nodes.forEach(RedisServer::close);
                    if (attempt == START_ATTEMPTS || !ServerProcess.isAddressInUse(e)) {
                        throw e;
                    }
                }
            }
        }

        private void form(Path redisCli, List<RedisServer> nodes) {
            Path directory = nodes.get(0).directory();
            Path log = directory.resolve("cluster-create.log");
            List<String> command = new ArrayList<>(List.of(redisCli.toString(), "--cluster", "create"));
            nodes.forEach(node -> command.add(FreePorts.LOOPBACK + ":" + node.port()));
            command.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            try {
                Process create = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                create.getOutputStream().close();
                if (!create.waitFor(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    create.destroyForcibly();
                    throw formingFailure("redis-cli --cluster create did not finish within " + startupTimeout.toSeconds()
                            + " s", log);
                }
                if (create.exitValue() != 0) {
                    throw formingFailure("redis-cli --cluster create exited with code " + create.exitValue(), log);
                }
            } catch (IOException e) {
                throw new ServerStartupException("Cannot run " + String.join(" ", command), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerStartupException("Interrupted while forming the Redis Cluster", e);
            }
            for (RedisServer node : nodes) {
                awaitHealthy(node, nodes.size(), deadline, log);
            }
        }

        private static void awaitHealthy(RedisServer node, int clusterSize, long deadline, Path log) {
            String info = "";
            while (System.nanoTime() < deadline) {
                try (RespClient client = RespClient.connect(node.host(), node.port(), Duration.ofSeconds(1))) {
                    info = String.valueOf(client.command("CLUSTER", "INFO"));
                    if (info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + clusterSize + "\r")
                            && info.contains("cluster_slots_ok:16384") && replicaLinked(client)) {
                        return;
                    }
                } catch (IOException e) {
                    info = e.toString();
                }
                ServerProcess.sleep(Duration.ofMillis(100));
            }
            throw formingFailure("Redis Cluster node " + node.uri() + " is not healthy in time; last CLUSTER INFO:\n"
                    + info.strip(), log);
        }

        /** A master, or a replica that finished its first sync with its master. */
        private static boolean replicaLinked(RespClient client) throws IOException {
            String replication = String.valueOf(client.command("INFO", "replication"));
            return replication.contains("role:master") || replication.contains("master_link_status:up");
        }

        private static ServerStartupException formingFailure(String summary, Path log) {
            return new ServerStartupException(summary + "; last lines of " + log + ":\n" + ServerProcess.tail(log, 40));
        }
    }
}
