package io.junction.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Limits password guessing: failed logins are counted per user name and per client address
 * in a fixed window; once either count reaches its limit, logins for that user or from that
 * address are refused without checking the password until the window ends. A successful
 * login clears the user's count (not the address's). Memory is bounded. Time comes from the
 * injected clock. Thread-safe.
 */
public final class LoginThrottle
{
    private final int maxFailuresPerUser;
    private final int maxFailuresPerAddress;
    private final Duration window;
    private final InstantSource clock;
    private final Cache<String, Failures> failures;

    private record Failures(Instant windowStart, int count) {}

    public LoginThrottle(SecurityConfig.LoginLimits limits, InstantSource clock)
    {
        this.maxFailuresPerUser = limits.maxFailuresPerUser();
        this.maxFailuresPerAddress = limits.maxFailuresPerAddress();
        this.window = limits.window();
        this.clock = requireNonNull(clock, "clock is null");
        this.failures = Caffeine.newBuilder().maximumSize(100_000).build();
    }

    /**
     * How long until a login for this user from this address may be tried, or empty if it may now.
     */
    public Optional<Duration> blockedFor(String user, String address)
    {
        Instant now = clock.instant();
        Optional<Duration> byUser = blockedFor("user:" + user, maxFailuresPerUser, now);
        Optional<Duration> byAddress = blockedFor("address:" + address, maxFailuresPerAddress, now);
        if (byUser.isPresent() && byAddress.isPresent()) {
            return Optional.of(byUser.get().compareTo(byAddress.get()) > 0 ? byUser.get() : byAddress.get());
        }
        return byUser.or(() -> byAddress);
    }

    public void recordFailure(String user, String address)
    {
        Instant now = clock.instant();
        count("user:" + user, now);
        count("address:" + address, now);
    }

    public void recordSuccess(String user)
    {
        failures.invalidate("user:" + user);
    }

    private Optional<Duration> blockedFor(String key, int limit, Instant now)
    {
        Failures current = failures.getIfPresent(key);
        if (current == null || current.count() < limit) {
            return Optional.empty();
        }
        Instant end = current.windowStart().plus(window);
        return now.isBefore(end) ? Optional.of(Duration.between(now, end)) : Optional.empty();
    }

    private void count(String key, Instant now)
    {
        failures.asMap().compute(key, (_, current) -> current == null || !now.isBefore(current.windowStart().plus(window))
                ? new Failures(now, 1)
                : new Failures(current.windowStart(), current.count() + 1));
    }
}
