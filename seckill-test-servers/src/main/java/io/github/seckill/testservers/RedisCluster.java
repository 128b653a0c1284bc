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
 * A Redis Cluster of masters only (three by default), each a {@link RedisServer} with
 * {@code cluster-enabled yes} on a loopback port whose cluster bus port (port + 10000) is free too. The
 * cluster is formed with {@code redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes}, and
 * {@link Builder#start()} returns once every node reports {@code cluster_state:ok} and knows all the others.
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

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The nodes, all masters, in slot order; each can be stopped, killed and started again. */
    public List<RedisServer> nodes() {
        return nodes;
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
                    for (int i = 0; i < masters; i++) {
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
                    return new RedisCluster(nodes);
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
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
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
                            && info.contains("cluster_slots_ok:16384")) {
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

        private static ServerStartupException formingFailure(String summary, Path log) {
            return new ServerStartupException(summary + "; last lines of " + log + ":\n" + ServerProcess.tail(log, 40));
        }
    }
}
