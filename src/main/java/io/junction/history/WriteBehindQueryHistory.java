package io.junction.history;

import io.junction.store.Store;
import io.junction.store.StoreUnavailableException;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * Records routed queries behind the proxy's back. The proxy's calls only put a small event
 * into a bounded lock-free buffer (the SQL text already cut to the cap) and return; when the
 * buffer is full the event is dropped and counted. One writer thread ({@code history-writer})
 * takes events in order and writes them in batches; while the store cannot be reached it
 * keeps its batch and retries, and the buffer absorbs up to its size, so nothing is lost up to
 * that bound. Another thread ({@code history-retention}) deletes queries older than the
 * retention.
 * <p>
 * A state change for a query the store does not have yet (routed by another node whose
 * batch is not written yet) is retried for {@link #UNMATCHED_RETRY_WINDOW}.
 * <p>
 * Thread-safe.
 */
public final class WriteBehindQueryHistory
        implements QueryHistoryRecorder
{
    private static final Logger log = LoggerFactory.getLogger(WriteBehindQueryHistory.class);

    static final int BATCH_SIZE = 500;
    static final Duration IDLE_WAIT = Duration.ofMillis(200);
    static final Duration RETRY_WAIT = Duration.ofSeconds(1);
    static final Duration UNMATCHED_RETRY_WINDOW = Duration.ofSeconds(30);
    static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);
    private static final int MAX_UNMATCHED = 10_000;

    /**
     * Counters of the recorder, for the API and metrics.
     *
     * @param buffered events waiting in memory (the buffer plus the batch being written)
     * @param written events written to the store
     * @param dropped events dropped because the buffer was full
     * @param failed events the store refused (logged)
     */
    public record Stats(int buffered, int capacity, long written, long dropped, long failed, boolean storeReachable) {}

    private final Store store;
    private final QueryHistoryDao dao;
    private final QueryHistoryConfig config;
    private final InstantSource clock;
    private final Queue<HistoryEvent> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicInteger dropWarnings = new AtomicInteger();
    // touched by the writer only
    private final List<HistoryEvent> batch = new ArrayList<>();
    private final UnmatchedStateChanges unmatched = new UnmatchedStateChanges(UNMATCHED_RETRY_WINDOW, RETRY_WAIT, MAX_UNMATCHED);
    private volatile boolean storeReachable = true;
    private volatile String node;
    private volatile boolean stopping;
    private Thread writer;
    private ScheduledExecutorService retention;

    public WriteBehindQueryHistory(Store store, QueryHistoryDao dao, QueryHistoryConfig config, InstantSource clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.dao = requireNonNull(dao, "dao is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void submitted(String queryId, QueryStart start, String state)
    {
        int cap = config.maxSqlLength();
        boolean cut = start.sql().length() > cap;
        offer(new HistoryEvent.Submitted(queryId, clock.instant(), start, cut ? start.sql().substring(0, cap) : start.sql(), cut || !start.sqlComplete(), state));
    }

    @Override
    public void running(String queryId)
    {
        offer(new HistoryEvent.Running(queryId, clock.instant()));
    }

    @Override
    public void ended(String queryId, QueryOutcome outcome)
    {
        offer(new HistoryEvent.Ended(queryId, clock.instant(), outcome));
    }

    private void offer(HistoryEvent event)
    {
        if (buffered.incrementAndGet() > config.bufferSize()) {
            buffered.decrementAndGet();
            dropped.increment();
            if (dropWarnings.getAndIncrement() == 0) {
                log.warn("The query history buffer is full ({} records waiting for the store): dropping new records until it drains", config.bufferSize());
            }
            return;
        }
        buffer.offer(event);
    }

    public Stats stats()
    {
        return new Stats(buffered.get(), config.bufferSize(), written.sum(), dropped.sum(), failed.sum(), storeReachable);
    }

    /**
     * Starts the writer and the retention threads.
     *
     * @param nodeName how the records name this node
     */
    public synchronized void start(String nodeName)
    {
        this.node = requireNonNull(nodeName, "nodeName is null");
        writer = Thread.ofPlatform().name("history-writer").daemon().start(this::writeLoop);
        retention = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("history-retention").daemon().factory());
        retention.scheduleWithFixedDelay(this::deleteExpiredSafely, 0, RETENTION_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Writes what is buffered (for at most {@code deadline} when the store is down), then stops.
     */
    public synchronized void stop(Duration deadline)
    {
        stopping = true;
        if (retention != null) {
            retention.shutdownNow();
        }
        if (writer == null) {
            return;
        }
        LockSupport.unpark(writer);
        try {
            writer.join(deadline.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
        if (buffered.get() > 0) {
            log.warn("Stopped with {} query history records not written", buffered.get());
        }
    }

    private void writeLoop()
    {
        while (true) {
            boolean wrote;
            try {
                wrote = flush();
            }
            catch (RuntimeException e) {
                log.error("Writing the query history failed", e);
                wrote = false;
            }
            if (stopping && buffered.get() == 0) {
                return;
            }
            if (!wrote) {
                if (Thread.interrupted()) {
                    return;
                }
                LockSupport.parkNanos((storeReachable ? IDLE_WAIT : RETRY_WAIT).toNanos());
            }
        }
    }

    /**
     * Writes one batch: the one that failed last time, else up to {@link #BATCH_SIZE} buffered events.
     * Called by the writer thread (and by tests, without starting it).
     *
     * @return whether events were written
     */
    boolean flush()
    {
        if (batch.isEmpty()) {
            HistoryEvent event;
            while (batch.size() < BATCH_SIZE && (event = buffer.poll()) != null) {
                batch.add(event);
            }
            List<HistoryEvent> retried = unmatched.due(clock.instant());
            batch.addAll(retried);
            buffered.addAndGet(retried.size());
        }
        if (batch.isEmpty()) {
            return false;
        }
        List<HistoryEvent> notFound;
        try {
            notFound = store.inTransaction(handle -> write(handle, batch));
        }
        catch (StoreUnavailableException e) {
            if (storeReachable) {
                log.warn("Cannot reach the store; query history is buffered (up to {} records) until it is back: {}", config.bufferSize(), reason(e));
                storeReachable = false;
            }
            return false;
        }
        catch (RuntimeException e) {
            log.warn("The store refused a batch of {} query history records; writing them one by one: {}", batch.size(), reason(e));
            notFound = writeOneByOne();
        }
        if (!storeReachable) {
            log.info("The store is reachable again; writing the buffered query history");
            storeReachable = true;
        }
        done(batch.size());
        batch.clear();
        unmatched.keep(notFound, clock.instant());
        dropWarnings.set(0);
        return true;
    }

    /**
     * Deletes queries older than the retention. Called every {@link #RETENTION_INTERVAL}.
     *
     * @return how many were deleted
     */
    public int deleteExpired()
    {
        Instant cutoff = clock.instant().minus(config.retention());
        int deleted = store.withHandle(handle -> dao.deleteSubmittedBefore(handle, cutoff));
        if (deleted > 0) {
            log.info("Deleted {} queries submitted before {} from the history", deleted, cutoff);
        }
        return deleted;
    }

    private void deleteExpiredSafely()
    {
        try {
            deleteExpired();
        }
        catch (StoreUnavailableException e) {
            log.debug("Cannot reach the store to delete old query history: {}", e.getMessage());
        }
        catch (RuntimeException e) {
            log.error("Deleting old query history failed", e);
        }
    }

    /**
     * @return the state changes whose query is not in the store
     */
    private List<HistoryEvent> write(Handle handle, List<HistoryEvent> events)
    {
        List<QueryRecord> inserts = new ArrayList<>();
        for (HistoryEvent event : events) {
            if (event instanceof HistoryEvent.Submitted submitted) {
                inserts.add(record(submitted));
            }
        }
        if (!inserts.isEmpty()) {
            dao.insert(handle, inserts);
        }
        List<HistoryEvent> notFound = new ArrayList<>(0);
        for (HistoryEvent event : events) {
            boolean found = switch (event) {
                case HistoryEvent.Submitted _ -> true;
                case HistoryEvent.Running running -> dao.markRunning(handle, running.queryId());
                case HistoryEvent.Ended ended -> dao.markEnded(handle, ended.queryId(), ended.at(), ended.outcome());
            };
            if (!found) {
                notFound.add(event);
            }
        }
        return notFound;
    }

    private List<HistoryEvent> writeOneByOne()
    {
        List<HistoryEvent> notFound = new ArrayList<>();
        for (HistoryEvent event : batch) {
            try {
                notFound.addAll(store.inTransaction(handle -> write(handle, List.of(event))));
            }
            catch (StoreUnavailableException e) {
                throw e;
            }
            catch (RuntimeException e) {
                failed.increment();
                log.warn("The store refused the history record of query {}: {}", event.queryId(), reason(e));
            }
        }
        return notFound;
    }

    /**
     * The innermost cause: driver messages of batches quote the statement with its values (SQL
     * text, user names), which are not logged above DEBUG.
     */
    private static String reason(Throwable failure)
    {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        return cause.getClass().getSimpleName() + ": " + (message.length() > 300 ? message.substring(0, 300) + "..." : message);
    }

    private void done(int events)
    {
        buffered.addAndGet(-events);
        written.add(events);
    }

    private QueryRecord record(HistoryEvent.Submitted submitted)
    {
        QueryStart start = submitted.start();
        return new QueryRecord(submitted.queryId(), start.user(), start.source(), start.clientTags(), start.routingGroup(), start.rule(), start.cluster(),
                submitted.sql(), submitted.sqlTruncated(), submitted.at(), submitted.state(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(node), Optional.of(start.decision()));
    }
}
