package io.junction.bench;

import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * One query of the fake backend: its id, its shape and how far its client has read.
 *
 * <p>Like Trino, every URI of a query carries a slug that depends on a per-query secret, the
 * resource ({@code queued} or {@code executing}) and the token, so a follow-up is only accepted
 * with a URI that this query handed out. The executing token advances by one per page; the
 * previous token may be requested again (a client retry) and gets the same page again.
 *
 * <p>Thread-safe: a client polls one query sequentially, and a retry racing a new poll resolves
 * through the compare-and-set on the token.
 */
final class FakeQuery
{
    enum Step
    {
        NEXT,
        REPEAT,
        INVALID,
    }

    private final String id;
    private final QueryShape shape;
    private final long secret;
    private final AtomicInteger nextToken = new AtomicInteger();
    private volatile long lastAccessNanos;

    FakeQuery(String id, QueryShape shape, long secret, long nowNanos)
    {
        this.id = requireNonNull(id, "id is null");
        this.shape = requireNonNull(shape, "shape is null");
        this.secret = secret;
        this.lastAccessNanos = nowNanos;
    }

    String id()
    {
        return id;
    }

    QueryShape shape()
    {
        return shape;
    }

    long lastAccessNanos()
    {
        return lastAccessNanos;
    }

    void touch(long nowNanos)
    {
        lastAccessNanos = nowNanos;
    }

    /** Whether executing {@code token} is the last reply: the one without a {@code nextUri}. */
    boolean isFinal(int token)
    {
        return token >= shape.pages();
    }

    /** Accepts a poll of executing {@code token}: the next one, a repeat of the last one, or neither. */
    Step advance(int token)
    {
        int next = nextToken.get();
        if (token == next && nextToken.compareAndSet(next, next + 1)) {
            return Step.NEXT;
        }
        return token == nextToken.get() - 1 ? Step.REPEAT : Step.INVALID;
    }

    /** Trino's slugs look like {@code y} and 40 hex digits (an HMAC); this is a cheap keyed mix of the same shape. */
    String slug(char resource, int token)
    {
        long first = mix(secret ^ (resource * 0x9E3779B97F4A7C15L) ^ ((long) token << 20));
        long second = mix(first + 0x632BE59BD9B4E019L);
        long third = mix(second + 0x85157AF5L);
        StringBuilder slug = new StringBuilder(41).append('y');
        appendHex(slug, first, 16);
        appendHex(slug, second, 16);
        appendHex(slug, third, 8);
        return slug.toString();
    }

    boolean hasSlug(String slug, char resource, int token)
    {
        return slug(resource, token).equals(slug);
    }

    private static void appendHex(StringBuilder target, long value, int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            target.append(Character.forDigit((int) (value >>> shift) & 0xF, 16));
        }
    }

    // the finaliser of SplittableRandom (Stafford variant 13)
    private static long mix(long value)
    {
        long z = (value ^ (value >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
