package io.junction.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TestLoginThrottle
{
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new SecurityConfig.LoginLimits(3, 5, Duration.ofMinutes(5)), now::get);

    @Test
    void blocksAUserAfterTooManyFailuresUntilTheWindowEnds()
    {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blockedFor("alice", "10.0.0." + i)).isEmpty();
            throttle.recordFailure("alice", "10.0.0." + i);
        }
        assertThat(throttle.blockedFor("alice", "10.0.0.9")).contains(Duration.ofMinutes(5));
        assertThat(throttle.blockedFor("bob", "10.0.0.9")).as("other users are not blocked").isEmpty();

        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(throttle.blockedFor("alice", "10.0.0.9")).contains(Duration.ofMinutes(1));
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(throttle.blockedFor("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void blocksAnAddressThatTriesManyUsers()
    {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user-" + i, "192.0.2.1");
        }
        assertThat(throttle.blockedFor("someone-else", "192.0.2.1")).isPresent();
        assertThat(throttle.blockedFor("someone-else", "192.0.2.2")).isEmpty();
    }

    @Test
    void aSuccessfulLoginClearsTheUsersCount()
    {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordSuccess("alice");
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.blockedFor("alice", "10.0.0.2")).isEmpty();
    }
}
