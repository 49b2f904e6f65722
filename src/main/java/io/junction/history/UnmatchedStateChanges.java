package io.junction.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * State changes whose query the store did not have when they were written: the query was
 * routed by another node whose record is not written yet (its follow-ups came here). They are
 * retried at most once per {@code retryInterval} for {@code window}, then forgotten; at most
 * {@code capacity} are kept.
 * <p>
 * Not thread-safe: used by the recorder's writer only.
 */
final class UnmatchedStateChanges
{
    private final Duration window;
    private final Duration retryInterval;
    private final int capacity;
    private final List<HistoryEvent> waiting = new ArrayList<>();
    private Instant lastRetry = Instant.EPOCH;

    UnmatchedStateChanges(Duration window, Duration retryInterval, int capacity)
    {
        this.window = window;
        this.retryInterval = retryInterval;
        this.capacity = capacity;
    }

    void keep(List<HistoryEvent> notFound, Instant now)
    {
        Instant oldest = now.minus(window);
        for (HistoryEvent event : notFound) {
            if (event.at().isAfter(oldest) && waiting.size() < capacity) {
                waiting.add(event);
            }
        }
    }

    /**
     * @return the changes to try again now (and forget here), empty if it is not time yet
     */
    List<HistoryEvent> due(Instant now)
    {
        Instant oldest = now.minus(window);
        waiting.removeIf(event -> !event.at().isAfter(oldest));
        if (waiting.isEmpty() || now.isBefore(lastRetry.plus(retryInterval))) {
            return List.of();
        }
        lastRetry = now;
        List<HistoryEvent> due = List.copyOf(waiting);
        waiting.clear();
        return due;
    }
}
