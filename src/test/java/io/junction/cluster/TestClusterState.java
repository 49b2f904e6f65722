package io.junction.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestClusterState
{
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final HealthThresholds THRESHOLDS = new HealthThresholds(3, 1, 3, Duration.ofSeconds(10));

    @Test
    void becomesUnhealthyOnlyAfterTheFailureThreshold()
    {
        ClusterState state = healthy(THRESHOLDS);
        state.recordUnreachable("timeout", false, T0.plusSeconds(1));
        state.recordUnreachable("timeout", false, T0.plusSeconds(2));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(state.recordUnreachable("timeout", false, T0.plusSeconds(3))).isPresent();
        assertThat(state.health()).isEqualTo(new ClusterState.HealthView(ClusterHealth.UNHEALTHY, Optional.of("timeout"), T0.plusSeconds(3)));
        // no new queries, but its queries are not declared lost: follow-ups are still forwarded
        assertThat(cluster(state).acceptsNewQueries()).isFalse();
        assertThat(cluster(state).isUnreachable()).isFalse();
    }

    @Test
    void aSuccessfulProbeBreaksTheSeriesOfFailures()
    {
        ClusterState state = healthy(THRESHOLDS);
        state.recordUnreachable("timeout", false, T0.plusSeconds(1));
        state.recordUnreachable("timeout", false, T0.plusSeconds(2));
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(3));
        state.recordUnreachable("timeout", false, T0.plusSeconds(4));
        state.recordUnreachable("timeout", false, T0.plusSeconds(5));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
    }

    @Test
    void aRefusedConnectionIsDefinitive()
    {
        ClusterState state = healthy(THRESHOLDS);
        state.recordUnreachable("connection refused", true, T0.plusSeconds(1));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNREACHABLE);
        assertThat(cluster(state).isUnreachable()).isTrue();
        // later timeouts (the host is gone too) keep it unreachable
        state.recordUnreachable("no answer", false, T0.plusSeconds(2));
        assertThat(state.health()).isEqualTo(new ClusterState.HealthView(ClusterHealth.UNREACHABLE, Optional.of("no answer"), T0.plusSeconds(1)));
    }

    @Test
    void theFirstProbeOfAClusterDecidesAtOnce()
    {
        ClusterState state = new ClusterState(THRESHOLDS, T0);
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNKNOWN);
        state.recordUnreachable("/v1/info answered HTTP 404", false, T0);
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNHEALTHY);
    }

    @Test
    void recoversAfterTheRecoveryThreshold()
    {
        ClusterState state = new ClusterState(new HealthThresholds(1, 2, 3, Duration.ofSeconds(10)), T0);
        state.recordUnreachable("refused", true, T0);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(1));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNREACHABLE);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(2));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(state.health().since()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aCoordinatorThatReportsShuttingDownOrStartingIsTakenAtOnce()
    {
        ClusterState state = new ClusterState(new HealthThresholds(1, 3, 3, Duration.ofSeconds(10)), T0);
        state.recordUnreachable("refused", true, T0);
        state.recordReachable(ClusterHealth.STARTING, Optional.of("coordinator is starting"), T0.plusSeconds(1));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.STARTING);
        state.recordReachable(ClusterHealth.SHUTTING_DOWN, Optional.of("coordinator state is DRAINING"), T0.plusSeconds(2));
        assertThat(state.health()).isEqualTo(new ClusterState.HealthView(ClusterHealth.SHUTTING_DOWN, Optional.of("coordinator state is DRAINING"), T0.plusSeconds(2)));
    }

    @Test
    void proxyFailuresMakeAHealthyClusterUnhealthyAfterThePassiveThreshold()
    {
        ClusterState state = healthy(THRESHOLDS);
        state.recordProxyFailure("HTTP 503", T0.plusSeconds(1));
        state.recordProxyFailure("HTTP 503", T0.plusSeconds(2));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(state.recordProxyFailure("no answer in time", T0.plusSeconds(3))).isPresent();
        assertThat(state.health()).isEqualTo(new ClusterState.HealthView(ClusterHealth.UNHEALTHY,
                Optional.of("3 proxied requests in a row failed, the last: no answer in time"), T0.plusSeconds(3)));
        assertThat(cluster(state).isUnreachable()).isFalse();
    }

    @Test
    void anAnsweredRequestBreaksTheSeriesOfProxyFailures()
    {
        ClusterState state = healthy(THRESHOLDS);
        state.recordProxyFailure("HTTP 503", T0.plusSeconds(1));
        state.recordProxyFailure("HTTP 503", T0.plusSeconds(2));
        state.recordProxySuccess();
        state.recordProxyFailure("HTTP 503", T0.plusSeconds(3));
        state.recordProxyFailure("HTTP 503", T0.plusSeconds(4));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
    }

    @Test
    void proxyFailuresFurtherApartThanTheHoldTimeDoNotAddUp()
    {
        ClusterState state = healthy(THRESHOLDS);
        state.recordProxyFailure("HTTP 502", T0);
        state.recordProxyFailure("HTTP 502", T0.plusSeconds(9));
        state.recordProxyFailure("HTTP 502", T0.plusSeconds(11));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
        // the series restarted at 11 s
        state.recordProxyFailure("HTTP 502", T0.plusSeconds(12));
        state.recordProxyFailure("HTTP 502", T0.plusSeconds(13));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNHEALTHY);
    }

    @Test
    void probesRestoreAClusterMadeUnhealthyByTheProxyOnlyAfterTheHoldTime()
    {
        ClusterState state = healthy(THRESHOLDS);
        for (int second = 1; second <= 3; second++) {
            state.recordProxyFailure("HTTP 503", T0.plusSeconds(second));
        }
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNHEALTHY);
        assertThat(state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(4))).isEmpty();
        assertThat(state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(12))).isEmpty();
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNHEALTHY);
        assertThat(state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(13))).isPresent();
        assertThat(state.health()).isEqualTo(new ClusterState.HealthView(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(13)));
    }

    @Test
    void proxyFailuresLeaveOtherStatesToTheProbes()
    {
        ClusterState state = new ClusterState(THRESHOLDS, T0);
        state.recordReachable(ClusterHealth.SHUTTING_DOWN, Optional.of("coordinator state is SHUTTING_DOWN"), T0);
        for (int second = 1; second <= 5; second++) {
            state.recordProxyFailure("HTTP 503", T0.plusSeconds(second));
        }
        assertThat(state.health().health()).isEqualTo(ClusterHealth.SHUTTING_DOWN);
    }

    @Test
    void aPassiveThresholdOfZeroTurnsPassiveHealthOff()
    {
        ClusterState state = healthy(new HealthThresholds(3, 1, 0, Duration.ofSeconds(10)));
        for (int second = 1; second <= 10; second++) {
            assertThat(state.recordProxyFailure("HTTP 503", T0.plusSeconds(second))).isEmpty();
        }
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
    }

    @Test
    void onlyHealthyClustersTakeNewQueries()
    {
        for (ClusterHealth health : ClusterHealth.values()) {
            assertThat(health.acceptsNewQueries()).as(health.name()).isEqualTo(health == ClusterHealth.HEALTHY);
        }
    }

    @Test
    void countsQueriesInFlightNeverBelowZero()
    {
        ClusterState state = new ClusterState(1, 1, T0);
        state.queryStarted();
        state.queryEnded();
        state.queryEnded();
        assertThat(state.inFlight()).isZero();
        assertThat(state.startedQueries()).isEqualTo(1);
    }

    @Test
    void estimatedLoadIsTheClustersCountPlusWhatThisNodeStartedSinceTheRead()
    {
        ClusterState state = new ClusterState(1, 1, T0);
        state.queryStarted();
        state.queryStarted();
        assertThat(state.estimatedLoad()).as("without the cluster's counts: this node's in flight").isEqualTo(2);

        long startedBeforeRead = state.startedQueries();
        state.queryStarted();
        state.recordLoad(new ClusterLoad(7, 3, LoadSource.METRICS, T0), startedBeforeRead);
        // 10 unfinished on the cluster, plus the query started while the read was under way
        assertThat(state.estimatedLoad()).isEqualTo(11);
        state.queryStarted();
        assertThat(state.estimatedLoad()).isEqualTo(12);
        state.queryEnded();
        assertThat(state.estimatedLoad()).as("an ended query leaves the estimate with the next read").isEqualTo(12);

        state.recordLoadFailure("/metrics answered HTTP 403");
        assertThat(state.estimatedLoad()).isEqualTo(state.inFlight()).isEqualTo(3);
        assertThat(state.load().error()).contains("/metrics answered HTTP 403");
        assertThat(state.load().load()).isEmpty();
    }

    private static ClusterState healthy(HealthThresholds thresholds)
    {
        ClusterState state = new ClusterState(thresholds, T0);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0);
        return state;
    }

    private static Cluster cluster(ClusterState state)
    {
        return new Cluster(new ClusterDefinition("c", java.net.URI.create("http://c:8080"), "adhoc", true, true), state);
    }
}
