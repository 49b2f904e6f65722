package io.junction.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Which cluster started each open transaction, learned from {@code X-Trino-Started-Transaction-Id}
 * in replies and forgotten on {@code X-Trino-Clear-Transaction-Id}, so that every statement of a
 * transaction ({@code X-Trino-Transaction-Id}) runs where the transaction lives.
 * <p>
 * Per node: a transaction's statements must come through the node that saw it start (clients
 * keep their connection to one node in practice). Thread-safe, bounded, idle entries expire.
 */
public final class TransactionAffinity
{
    private final Cache<String, String> clusters;

    public TransactionAffinity(int maxSize, Duration idleTimeout, Ticker ticker)
    {
        requireNonNull(idleTimeout, "idleTimeout is null");
        this.clusters = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfterAccess(idleTimeout)
                .ticker(requireNonNull(ticker, "ticker is null"))
                .build();
    }

    public void started(String transactionId, String cluster)
    {
        clusters.put(transactionId, cluster);
    }

    public void cleared(String transactionId)
    {
        clusters.invalidate(transactionId);
    }

    public Optional<String> find(String transactionId)
    {
        return Optional.ofNullable(clusters.getIfPresent(transactionId));
    }
}
