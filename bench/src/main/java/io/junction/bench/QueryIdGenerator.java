package io.junction.bench;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * Query ids in Trino's format {@code YYYYMMdd_HHmmss_NNNNN_ccccc}, as written by
 * {@code trino-main: execution/QueryIdGenerator.java}: the UTC second, a five-digit counter
 * that restarts every day (and after 100,000 ids, at the next second), and a coordinator id of
 * five characters from {@code a-z} and {@code 2-9} without {@code l}, {@code o}, chosen at random
 * once per process. Gateways use that suffix to find the coordinator of an unknown query id.
 *
 * <p>Thread-safe.
 */
final class QueryIdGenerator
{
    static final String COORDINATOR_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_COUNTER = 99_999;

    private final InstantSource clock;
    private final String coordinatorId;

    private long lastSecond = -1;
    private long lastDay = -1;
    private String lastTimestamp = "";
    private int counter;

    QueryIdGenerator(InstantSource clock, RandomGenerator random)
    {
        this.clock = requireNonNull(clock, "clock is null");
        StringBuilder id = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            id.append(COORDINATOR_ID_ALPHABET.charAt(random.nextInt(COORDINATOR_ID_ALPHABET.length())));
        }
        this.coordinatorId = id.toString();
    }

    static QueryIdGenerator create()
    {
        return new QueryIdGenerator(InstantSource.system(), new SecureRandom());
    }

    String coordinatorId()
    {
        return coordinatorId;
    }

    synchronized String next()
    {
        long now = clock.millis();
        if (counter > MAX_COUNTER) {
            // Trino waits for the next second here; at benchmark rates (far below 100,000 per
            // second) this loop never spins for long
            while (now / 1000 == lastSecond) {
                Thread.onSpinWait();
                now = clock.millis();
            }
            counter = 0;
        }
        long second = now / 1000;
        if (second != lastSecond) {
            lastSecond = second;
            lastTimestamp = TIMESTAMP.format(Instant.ofEpochMilli(now));
            long day = second / 86_400;
            if (day != lastDay) {
                lastDay = day;
                counter = 0;
            }
        }
        int sequence = counter++;
        StringBuilder id = new StringBuilder(27).append(lastTimestamp).append('_');
        String digits = Integer.toString(sequence);
        id.repeat('0', 5 - digits.length()).append(digits);
        return id.append('_').append(coordinatorId).toString();
    }
}
