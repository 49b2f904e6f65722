package io.junction.bench;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Reads a {@code QueryResults} reply the cheap way a benchmark client must: it keeps the first
 * {@value #HEAD_BYTES} bytes, where Trino writes {@code id} and {@code nextUri} before any row,
 * and counts the rest without parsing it, so the load generator spends its CPU on requests, not
 * on JSON. A reply that is not JSON, or that hides {@code nextUri} behind the rows, shows up as
 * a protocol error.
 *
 * <p>Not thread-safe: one per client, reused for its sequential requests.
 */
final class ReplyReader
{
    static final int HEAD_BYTES = 8192;

    private static final byte[] ID = "\"id\":\"".getBytes(UTF_8);
    private static final byte[] NEXT_URI = "\"nextUri\":\"".getBytes(UTF_8);
    private static final byte[] DATA = "\"data\":[".getBytes(UTF_8);
    private static final byte[] STATE = "\"stats\":{\"state\":\"".getBytes(UTF_8);

    private final byte[] head = new byte[HEAD_BYTES];
    private int headLength;
    private long bytes;

    void reset()
    {
        headLength = 0;
        bytes = 0;
    }

    /** Takes the body bytes between the buffer's position and limit, without moving the position. */
    void accept(ByteBuffer content)
    {
        accept(content, content.position(), content.remaining());
    }

    void accept(ByteBuffer content, int offset, int length)
    {
        bytes += length;
        int copy = Math.min(length, HEAD_BYTES - headLength);
        if (copy > 0) {
            content.get(offset, head, headLength, copy);
            headLength += copy;
        }
    }

    long bytes()
    {
        return bytes;
    }

    boolean complete()
    {
        return bytes <= HEAD_BYTES;
    }

    String id()
    {
        return stringAfter(ID);
    }

    String nextUri()
    {
        return stringAfter(NEXT_URI);
    }

    boolean hasData()
    {
        return indexOf(DATA) >= 0;
    }

    /** The query state, when the whole reply fit in the head (always true of a final reply here). */
    String state()
    {
        return stringAfter(STATE);
    }

    boolean looksLikeJsonObject()
    {
        return headLength > 0 && head[0] == '{';
    }

    private String stringAfter(byte[] key)
    {
        int start = indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length;
        for (int end = start; end < headLength; end++) {
            if (head[end] == '"') {
                return new String(head, start, end - start, UTF_8);
            }
        }
        return null;
    }

    private int indexOf(byte[] key)
    {
        int last = headLength - key.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < key.length; j++) {
                if (head[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
