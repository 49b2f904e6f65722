package io.junction.cluster;

/**
 * Told of every load a cluster reported, on the health checker's threads: the proxy's query
 * tracker uses it to correct this node's in-flight counts (this node cannot have more
 * queries in flight on a cluster than the cluster has unfinished).
 * <p>
 * Implementations must be quick and must not block.
 */
@FunctionalInterface
public interface ClusterLoadListener
{
    ClusterLoadListener NONE = (cluster, load) -> {};

    void loadRead(Cluster cluster, ClusterLoad load);
}
