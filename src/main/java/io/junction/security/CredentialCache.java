package io.junction.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Remembers successful checks of an {@code Authorization} header, so that a Trino client's
 * polls (each carries the header again) are not each a bcrypt hash or an LDAP bind. Keyed by
 * an HMAC of the header under a random per-process key: the credential itself is never kept. An entry lives for the
 * configured time, never past the expiry of the token it came from. Bounded; thread-safe.
 */
public final class CredentialCache
{
    private final Duration ttl;
    private final InstantSource clock;
    private final Cache<String, Entry> entries;
    private final SignedValues keys;

    private record Entry(Principal principal, Instant validUntil) {}

    public CredentialCache(Duration ttl, InstantSource clock)
    {
        this.ttl = requireNonNull(ttl, "ttl is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.entries = Caffeine.newBuilder().maximumSize(10_000).build();
        this.keys = new SignedValues(SessionCodec.randomSecret(), "credential-cache");
    }

    public Optional<Principal> find(String authorization)
    {
        if (ttl.isZero()) {
            return Optional.empty();
        }
        String key = key(authorization);
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.validUntil())) {
            entries.invalidate(key);
            return Optional.empty();
        }
        return Optional.of(entry.principal());
    }

    public void put(String authorization, Principal principal, Optional<Instant> credentialExpiry)
    {
        if (ttl.isZero()) {
            return;
        }
        Instant validUntil = clock.instant().plus(ttl);
        if (credentialExpiry.isPresent() && credentialExpiry.get().isBefore(validUntil)) {
            validUntil = credentialExpiry.get();
        }
        entries.put(key(authorization), new Entry(principal, validUntil));
    }

    private String key(String authorization)
    {
        return keys.mac(authorization);
    }
}
