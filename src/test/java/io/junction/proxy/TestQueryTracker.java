package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterLoad;
import io.junction.cluster.ClusterState;
import io.junction.cluster.LoadSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TestQueryTracker
{
    private final AtomicLong nanos = new AtomicLong();
    private final QueryTracker tracker = new QueryTracker(Duration.ofMinutes(6), Duration.ofSeconds(10), nanos::get);
    private final Cluster cluster = new Cluster(new ClusterDefinition("c", URI.create("http://c:8080"), "adhoc", true, true),
            new ClusterState(1, 1, Instant.EPOCH));
    private final Cluster other = new Cluster(new ClusterDefinition("other", URI.create("http://other:8080"), "adhoc", true, true),
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

    @Test
    void theClustersCountsDropTheSurplusLeastRecentlyPolledFirst()
    {
        tracker.inFlight("oldest", cluster);
        advance(Duration.ofSeconds(5));
        tracker.inFlight("older", cluster);
        advance(Duration.ofSeconds(5));
        tracker.inFlight("recent", cluster);
        advance(Duration.ofSeconds(20));
        tracker.inFlight("polled", cluster);
        assertThat(cluster.state().inFlight()).isEqualTo(4);

        // the cluster has 2 unfinished queries: 2 of the 3 idle ones ended without this node seeing it
        tracker.loadRead(cluster, new ClusterLoad(1, 1, LoadSource.METRICS, Instant.EPOCH));
        assertThat(cluster.state().inFlight()).isEqualTo(2);
        tracker.ended("recent");
        tracker.ended("polled");
        assertThat(cluster.state().inFlight()).as("'oldest' and 'older' were dropped, 'recent' and 'polled' kept").isZero();
        assertThat(tracker.size()).isZero();
    }

    @Test
    void queriesPolledWithinTheGraceAreNeverDropped()
    {
        tracker.inFlight("planning", cluster);
        tracker.inFlight("starting", cluster);
        advance(Duration.ofSeconds(9));
        // a cluster that does not count queries that are planning or starting still reports 0
        assertThat(tracker.reconcile(cluster.state(), 0)).isZero();
        assertThat(cluster.state().inFlight()).isEqualTo(2);
    }

    @Test
    void countsTheClusterCoversAreKept()
    {
        tracker.inFlight("a", cluster);
        tracker.inFlight("b", other);
        advance(Duration.ofMinutes(1));
        assertThat(tracker.reconcile(cluster.state(), 1)).isZero();
        assertThat(tracker.reconcile(other.state(), 5)).isZero();
        assertThat(tracker.reconcile(cluster.state(), 0)).isEqualTo(1);
        assertThat(cluster.state().inFlight()).isZero();
        assertThat(other.state().inFlight()).as("another cluster's queries are not touched").isEqualTo(1);
    }

    @Test
    void aDroppedQueryThatIsPolledAgainCountsAgain()
    {
        tracker.inFlight("slow-client", cluster);
        advance(Duration.ofSeconds(30));
        tracker.reconcile(cluster.state(), 0);
        assertThat(cluster.state().inFlight()).isZero();
        tracker.inFlight("slow-client", cluster);
        assertThat(cluster.state().inFlight()).isEqualTo(1);
    }

    private void advance(Duration duration)
    {
        nanos.addAndGet(duration.toNanos());
    }
}
