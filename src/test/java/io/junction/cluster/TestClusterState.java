package io.junction.cluster;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestClusterState
{
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void becomesUnreachableOnlyAfterTheFailureThreshold()
    {
        ClusterState state = new ClusterState(3, 1, T0);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0);
        state.recordUnreachable("timeout", false, T0.plusSeconds(1));
        state.recordUnreachable("timeout", false, T0.plusSeconds(2));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(state.recordUnreachable("timeout", false, T0.plusSeconds(3))).isPresent();
        assertThat(state.health()).isEqualTo(new ClusterState.HealthView(ClusterHealth.UNREACHABLE, Optional.of("timeout"), T0.plusSeconds(3)));
    }

    @Test
    void aRefusedConnectionIsDefinitive()
    {
        ClusterState state = new ClusterState(3, 1, T0);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0);
        state.recordUnreachable("connection refused", true, T0.plusSeconds(1));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNREACHABLE);
    }

    @Test
    void recoversAfterTheRecoveryThreshold()
    {
        ClusterState state = new ClusterState(1, 2, T0);
        state.recordUnreachable("refused", true, T0);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(1));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.UNREACHABLE);
        state.recordReachable(ClusterHealth.HEALTHY, Optional.empty(), T0.plusSeconds(2));
        assertThat(state.health().health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(state.health().since()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void startingAndShuttingDownClustersTakeNoNewQueries()
    {
        assertThat(ClusterHealth.STARTING.acceptsNewQueries()).isFalse();
        assertThat(ClusterHealth.SHUTTING_DOWN.acceptsNewQueries()).isFalse();
        assertThat(ClusterHealth.UNKNOWN.acceptsNewQueries()).isFalse();
        assertThat(ClusterHealth.HEALTHY.acceptsNewQueries()).isTrue();
    }

    @Test
    void countsQueriesInFlightNeverBelowZero()
    {
        ClusterState state = new ClusterState(1, 1, T0);
        state.queryStarted();
        state.queryEnded();
        state.queryEnded();
        assertThat(state.inFlight()).isZero();
    }
}
