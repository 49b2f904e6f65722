package io.junction.bench;

import java.net.URI;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The runs of the benchmark, by name. Every target gets the same runs; only the URI differs.
 *
 * <ul>
 * <li>{@code submit}: 16 clients in a closed loop; an operation is {@code POST /v1/statement}
 *     plus the first follow-up (timed), then {@code DELETE} of the query (not timed).
 * <li>{@code poll}: 16 clients in a closed loop polling queries that never end, 256 bytes of rows
 *     per page: follow-up polls per second (the figure wrk measured at 16 connections).
 * <li>{@code poll-open}: the same polls at a fixed arrival rate (moderate load), latency from the
 *     intended start: this gives the added latency per hop.
 * <li>{@code stream}: one client reading one large result in 1 MiB pages: MiB/s, heap flat.
 * <li>{@code concurrency-1k}, {@code concurrency-10k}: that many queries in flight, each poll held
 *     one second by the backend (Trino's long poll): the proxy's heap, RSS, threads and CPU.
 * <li>{@code soak}: 20-page queries at a fixed rate for a long time; heap after GC sampled.
 * </ul>
 */
record BenchSuite(Duration duration, Duration warmup, double pollRate, Duration soakDuration, double soakRate)
{
    static final int ROW_BYTES_PER_POLL = 256;
    static final int STREAM_PAGE_BYTES = 1024 * 1024;
    static final int LONG_POLL_MILLIS = 1000;
    static final int ENDLESS = Integer.MAX_VALUE;

    BenchSuite
    {
        requireNonNull(duration, "duration is null");
        requireNonNull(warmup, "warmup is null");
        requireNonNull(soakDuration, "soakDuration is null");
    }

    LoadSpec spec(String name, String targetName, URI target)
    {
        return switch (name) {
            case "submit" -> closed(name, BenchMode.SUBMIT, targetName, target, 16, new QueryShape(1, ROW_BYTES_PER_POLL, 0));
            case "poll" -> closed(name, BenchMode.POLL, targetName, target, 16, new QueryShape(ENDLESS, ROW_BYTES_PER_POLL, 0));
            case "poll-open" -> closed(name, BenchMode.POLL, targetName, target, 64, new QueryShape(ENDLESS, ROW_BYTES_PER_POLL, 0))
                    .withArrivalRate(pollRate);
            case "stream" -> closed(name, BenchMode.STREAM, targetName, target, 1, new QueryShape(ENDLESS, STREAM_PAGE_BYTES, 0))
                    .withSampling(Duration.ofMillis(Math.max(500, duration.toMillis() / 5)), false);
            case "soak" -> new LoadSpec(name, BenchMode.SOAK, targetName, target, 32, soakRate, warmup, soakDuration, 0,
                    new QueryShape(20, 4096, 0), false, Duration.ZERO, Duration.ofMillis(Math.max(1000, soakDuration.toMillis() / 12)), true,
                    Duration.ofSeconds(10));
            default -> {
                if (name.startsWith("concurrency-")) {
                    yield concurrency(name, targetName, target, parseCount(name.substring("concurrency-".length())));
                }
                throw new IllegalArgumentException("unknown mode: " + name + " (known: " + LoadGenerator.ALL_MODES + ", or concurrency-N)");
            }
        };
    }

    /** {@code 500}, {@code 1k}, {@code 10k}. */
    static int parseCount(String count)
    {
        if (count.endsWith("k")) {
            return Integer.parseInt(count.substring(0, count.length() - 1)) * 1000;
        }
        return Integer.parseInt(count);
    }

    private LoadSpec closed(String name, BenchMode mode, String targetName, URI target, int clients, QueryShape shape)
    {
        return LoadSpec.closedLoop(name, mode, targetName, target, clients, shape, duration).withWarmup(warmup);
    }

    private LoadSpec concurrency(String name, String targetName, URI target, int clients)
    {
        // clients start over a ramp (5,000 per second), then every query settles into its one-second poll cycle;
        // thousands of clients need a few cycles after the ramp before the rate is steady (more over HTTP/2)
        Duration ramp = Duration.ofMillis(clients / 5);
        return closed(name, BenchMode.CONCURRENCY, targetName, target, clients, new QueryShape(ENDLESS, ROW_BYTES_PER_POLL, LONG_POLL_MILLIS))
                .withRamp(ramp)
                .withWarmup(ramp.plus(Duration.ofMillis(LONG_POLL_MILLIS * (clients >= LoadGenerator.H2C_FROM_CLIENTS ? 8L : 3L))).plus(warmup))
                .withSampling(Duration.ofMillis(Math.max(1000, duration.toMillis() / 4)), false);
    }
}
