package io.github.seckill.testservers;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the nodes of a Redis Cluster listen. Cluster clients need one node to discover the rest
 * ({@link #seedUri()}), but may be given them all ({@link #uris()}).
 *
 * <p>Instances are immutable. When the harness started the cluster, each node can be stopped, killed and
 * started again through {@link #nodes()}; there are no replicas, so a stopped master's slots are unavailable
 * until it is back.
 */
public final class RedisClusterEndpoint {

    private final List<RedisEndpoint> nodes;

    RedisClusterEndpoint(List<RedisEndpoint> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("A cluster needs at least one node");
        }
        this.nodes = List.copyOf(nodes);
    }

    /**
     * An external cluster given by comma-separated node addresses, e.g.
     * {@code redis://127.0.0.1:7000,127.0.0.1:7001}; nodes without a scheme share the first node's scheme and
     * credentials.
     */
    static RedisClusterEndpoint external(String uris) {
        String[] parts = uris.split(",");
        String first = parts[0].trim();
        int schemeEnd = first.indexOf("://");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int credentialsEnd = first.indexOf('@', authorityStart);
        String prefix = schemeEnd < 0 ? "redis://" : first.substring(0, credentialsEnd < 0 ? authorityStart : credentialsEnd + 1);
        List<RedisEndpoint> nodes = new ArrayList<>();
        for (String part : parts) {
            String node = part.trim();
            if (!node.isEmpty()) {
                nodes.add(RedisEndpoint.external(node.contains("://") ? node : prefix + node));
            }
        }
        return new RedisClusterEndpoint(nodes);
    }

    /** Every node, masters only when the harness started the cluster. */
    public List<RedisEndpoint> nodes() {
        return nodes;
    }

    /** The URI of every node, e.g. {@code redis://127.0.0.1:30001}. */
    public List<String> uris() {
        return nodes.stream().map(RedisEndpoint::uri).toList();
    }

    /** The URI of the first node, enough for a cluster client to discover the others. */
    public String seedUri() {
        return nodes.get(0).uri();
    }

    /** Whether the nodes can be stopped, killed and started: false for a cluster given by {@code SECKILL_REDIS_CLUSTER_URI}. */
    public boolean isControllable() {
        return nodes.stream().allMatch(RedisEndpoint::isControllable);
    }

    @Override
    public String toString() {
        return "RedisClusterEndpoint" + nodes.stream().map(node -> RedisEndpoint.withoutPassword(node.uri())).toList()
                + (isControllable() ? "" : " (external)");
    }
}
