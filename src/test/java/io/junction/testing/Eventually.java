package io.junction.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits for a condition that a test cannot observe as an event (a query reaching a state
 * on a real server, a port opening), by polling it until a deadline. Tests never sleep for
 * a fixed time; this is the one place that pauses, between two polls.
 */
public final class Eventually
{
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Eventually() {}

    @FunctionalInterface
    public interface Probe<T>
    {
        T get()
                throws Exception;
    }

    /**
     * Polls {@code probe} until its value satisfies {@code done}, and returns that value.
     * An exception from the probe fails at once.
     *
     * @throws AssertionError naming {@code what} and the last value if the timeout passes first
     */
    public static <T> T until(Duration timeout, String what, Probe<T> probe, Predicate<? super T> done)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value;
            try {
                value = probe.get();
            }
            catch (RuntimeException e) {
                throw e;
            }
            catch (Exception e) {
                throw new IllegalStateException("Probe for '" + what + "' failed", e);
            }
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Timed out after %s waiting for %s; last value: %s".formatted(timeout, what, value));
            }
            pause();
        }
    }

    /**
     * Polls {@code condition} until it is true.
     *
     * @throws AssertionError naming {@code what} if the timeout passes first
     */
    public static void until(Duration timeout, String what, Probe<Boolean> condition)
    {
        until(timeout, what, condition, Boolean.TRUE::equals);
    }

    private static void pause()
    {
        // Between two polls of an outside condition only: the result never depends on this pause.
        java.util.concurrent.locks.LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while polling");
        }
    }
}
