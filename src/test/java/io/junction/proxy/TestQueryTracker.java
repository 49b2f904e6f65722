package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterState;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TestQueryTracker
{
    private final AtomicLong nanos = new AtomicLong();
    private final QueryTracker tracker = new QueryTracker(Duration.ofMinutes(6), nanos::get);
    private final Cluster cluster = new Cluster(new ClusterDefinition("c", URI.create("http://c:8080"), "adhoc", true, true),
            new ClusterState(1, 1, Instant.EPOCH));

    @Test
    void countsAQueryOnceUntilItEnds()
    {
        tracker.inFlight("q1", cluster);
        tracker.inFlight("q1", cluster);
        tracker.inFlight("q2", cluster);
        assertThat(cluster.state().inFlight()).isEqualTo(2);
        tracker.ended("q1");
        tracker.ended("q1");
        assertThat(cluster.state().inFlight()).isEqualTo(1);
    }

    @Test
    void forgetsQueriesNobodyPolls()
    {
        tracker.inFlight("abandoned", cluster);
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        tracker.inFlight("active", cluster);
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(tracker.expireIdle()).isEqualTo(1);
        assertThat(cluster.state().inFlight()).isEqualTo(1);
        assertThat(tracker.size()).isEqualTo(1);
    }
}
