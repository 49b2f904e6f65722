package io.junction.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * Runs one {@link LoadSpec}: starts its clients (ramped), warms up, measures for the duration (or
 * until {@code maxOperations}), samples the watched processes, then stops every client and
 * cancels the queries still open. Every phase is bounded in time.
 *
 * <p>Closed loop: each client starts its next operation when the last one completes; latency is
 * the operation's own time. Open model: a pacer issues operations at the arrival rate, each with
 * its intended start time; an idle client takes it, or it waits in a backlog, and its latency is
 * counted from the intended start (coordinated-omission safe).
 */
public final class LoadRun
{
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    record Counters(LongAdder requests, LongAdder submissions, LongAdder polls, LongAdder dataPages, LongAdder bytes,
            LongAdder finishedQueries, LongAdder cancelled, LongAdder operations)
    {
        static Counters create()
        {
            return new Counters(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
                    new LongAdder(), new LongAdder(), new LongAdder());
        }

        long[] snapshot()
        {
            return new long[] {requests.sum(), submissions.sum(), polls.sum(), dataPages.sum(), bytes.sum(),
                    finishedQueries.sum(), cancelled.sum(), operations.sum()};
        }
    }

    private final LoadSpec spec;
    private final List<WatchedProcess> watched;
    private final String expectedUriPrefix;
    private final Counters counters = Counters.create();
    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final ArrayDeque<StatementSession> idle = new ArrayDeque<>();
    private final ArrayDeque<Long> backlog = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch enoughOperations = new CountDownLatch(1);
    private final CountDownLatch drained = new CountDownLatch(1);
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("loadgen-pacer").daemon().factory());
    private volatile boolean measuring;
    private volatile long operationsBeforeMeasure;
    private volatile Histogram measured;
    private volatile boolean stopping;

    public LoadRun(LoadSpec spec, List<WatchedProcess> watched)
    {
        this.spec = requireNonNull(spec, "spec is null");
        this.watched = List.copyOf(watched);
        this.expectedUriPrefix = spec.target().getScheme() + "://" + spec.target().getRawAuthority() + "/";
    }

    /** Runs against the target without watching any process: what the smoke test does. */
    public static LoadResult run(LoadSpec spec)
            throws Exception
    {
        return new LoadRun(spec, List.of()).run();
    }

    /** The latency histogram of the measured window (microseconds), once the run is over. */
    public Histogram histogram()
    {
        return measured;
    }

    LoadSpec spec()
    {
        return spec;
    }

    Counters counters()
    {
        return counters;
    }

    String expectedUriPrefix()
    {
        return expectedUriPrefix;
    }

    void error(String kind)
    {
        errors.computeIfAbsent(kind, _ -> new LongAdder()).increment();
    }

    void recordOperation(long intendedNanos)
    {
        long micros = (System.nanoTime() - intendedNanos) / 1000;
        recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
        counters.operations().increment();
        if (measuring && spec.maxOperations() > 0 && counters.operations().sum() >= spec.maxOperations() + operationsBeforeMeasure) {
            enoughOperations.countDown();
        }
    }

    public LoadResult run()
            throws Exception
    {
        LoadClients clients = LoadClients.create(spec);
        ProcessSampling sampling = new ProcessSampling(spec, watched);
        List<StatementSession> sessions = new ArrayList<>(spec.clients());
        for (int i = 0; i < spec.clients(); i++) {
            sessions.add(new StatementSession(this, clients.newTransport()));
        }
        try {
            long start = System.nanoTime();
            startSessions(sessions, start);
            if (spec.openModel()) {
                Thread.ofPlatform().name("loadgen-arrivals").daemon().start(new Pacer(start));
            }
            enoughOperations.await(spec.warmup().toNanos(), TimeUnit.NANOSECONDS);

            operationsBeforeMeasure = counters.operations().sum();
            long[] before = counters.snapshot();
            long measureStart = System.nanoTime();
            recorder.getIntervalHistogram();
            sampling.begin(measureStart, counters.operations());
            measuring = true;
            enoughOperations.await(spec.duration().toNanos(), TimeUnit.NANOSECONDS);
            measuring = false;
            Histogram histogram = recorder.getIntervalHistogram();
            measured = histogram;
            long[] after = counters.snapshot();
            double seconds = (System.nanoTime() - measureStart) / 1e9;
            int inFlightAtEnd = inFlight.get();
            long pendingAtEnd;
            synchronized (lock) {
                pendingAtEnd = backlog.size();
            }
            Map<String, LoadResult.ProcessUsage> usage = sampling.end(spec.mode() == BenchMode.CONCURRENCY || spec.mode() == BenchMode.STREAM);

            stop(sessions);
            return result(seconds, before, after, histogram, inFlightAtEnd, pendingAtEnd, usage, sampling.samples());
        }
        finally {
            pacer.shutdownNow();
            sampling.close();
            sessions.forEach(StatementSession::close);
            clients.close();
        }
    }

    private void startSessions(List<StatementSession> sessions, long start)
    {
        long rampNanos = spec.ramp().toNanos();
        for (int i = 0; i < sessions.size(); i++) {
            StatementSession session = sessions.get(i);
            long delay = rampNanos * i / sessions.size();
            Runnable begin = () -> {
                if (stopping) {
                    return;
                }
                enter();
                if (spec.mode() == BenchMode.SUBMIT) {
                    operationDone(session, true);
                }
                else {
                    session.prime(() -> operationDone(session, true));
                }
            };
            if (delay == 0) {
                begin.run();
            }
            else {
                pacer.schedule(begin, start + delay - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A client finished an operation (or its start-up); it takes the next one, or goes idle. */
    void operationDone(StatementSession session, boolean succeeded)
    {
        if (stopping) {
            leave();
            return;
        }
        if (spec.openModel()) {
            long intended;
            synchronized (lock) {
                Long next = backlog.poll();
                if (next == null || stopping) {
                    idle.push(session);
                    leave();
                    return;
                }
                intended = next;
            }
            session.operate(intended);
            return;
        }
        if (succeeded) {
            session.operate(System.nanoTime());
            return;
        }
        // back off after a failure, so a dead target does not turn the loop into a busy spin
        pacer.schedule(() -> {
            if (stopping) {
                leave();
                return;
            }
            session.operate(System.nanoTime());
        }, 10, TimeUnit.MILLISECONDS);
    }

    private void arrive(long intendedNanos)
    {
        StatementSession session;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            session = idle.poll();
            if (session == null) {
                backlog.add(intendedNanos);
                return;
            }
            enter();
        }
        session.operate(intendedNanos);
    }

    private void enter()
    {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    private void leave()
    {
        if (inFlight.decrementAndGet() == 0 && stopping) {
            drained.countDown();
        }
    }

    private void stop(List<StatementSession> sessions)
            throws InterruptedException
    {
        synchronized (lock) {
            stopping = true;
        }
        if (inFlight.get() == 0) {
            drained.countDown();
        }
        long timeout = spec.requestTimeout().toMillis() + 2_000;
        if (!drained.await(timeout, TimeUnit.MILLISECONDS)) {
            error("stop-timeout");
        }
        CountDownLatch cancelled = new CountDownLatch(sessions.size());
        for (StatementSession session : sessions) {
            session.cancelAtEnd(cancelled::countDown);
        }
        if (!cancelled.await(timeout, TimeUnit.MILLISECONDS)) {
            error("cancel-timeout");
        }
    }

    private LoadResult result(double seconds, long[] before, long[] after, Histogram histogram, int inFlightAtEnd, long pendingAtEnd,
            Map<String, LoadResult.ProcessUsage> usage, List<LoadResult.Sample> samples)
    {
        long requests = after[0] - before[0];
        long polls = after[2] - before[2];
        long bytes = after[4] - before[4];
        long operations = after[7] - before[7];
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
        long errorCount = errorCounts.values().stream().mapToLong(Long::longValue).sum();
        return new LoadResult(
                spec.name(), spec.mode().name().toLowerCase(java.util.Locale.ROOT), spec.targetName(), spec.http2() ? "h2c" : "http/1.1",
                spec.clients(), spec.arrivalRate(), spec.shape(), round(seconds),
                operations, round(operations / seconds), requests, round(requests / seconds),
                after[1] - before[1], polls, round(polls / seconds), after[3] - before[3], bytes, round(bytes / seconds / (1024 * 1024)),
                after[5] - before[5], after[6] - before[6], errorCount, errorCounts, pendingAtEnd,
                maxInFlight.get(), inFlightAtEnd, LoadResult.Latency.of(histogram), usage, samples);
    }

    private static double round(double value)
    {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * Issues the open model's operations at their intended times, parking in between (the wake-up
     * is some tens of microseconds late, which the latency from the intended start includes, the
     * same for every target).
     */
    private final class Pacer
            implements Runnable
    {
        private final long start;
        private final double periodNanos;

        Pacer(long start)
        {
            this.start = start;
            this.periodNanos = 1e9 / spec.arrivalRate();
        }

        @Override
        public void run()
        {
            long issued = 0;
            while (!stopping) {
                long intended = start + (long) (issued * periodNanos);
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                arrive(intended);
                issued++;
            }
        }
    }
}
