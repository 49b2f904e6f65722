package io.junction.cluster;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A cluster's own count of its queries, as it reported them: from every client and every
 * Junction node, not only this node's.
 *
 * @param running queries running (for {@code ui-stats} including those blocked)
 * @param queued queries waiting in the cluster's resource groups
 * @param source the endpoint they came from
 * @param readAt when the answer arrived
 */
public record ClusterLoad(int running, int queued, LoadSource source, Instant readAt)
{
    public ClusterLoad
    {
        requireNonNull(source, "source is null");
        requireNonNull(readAt, "readAt is null");
        if (running < 0 || queued < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * Queries the cluster has not finished: every query a Junction node has in flight there is among them.
     */
    public int active()
    {
        return running + queued;
    }
}
