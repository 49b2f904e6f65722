package io.junction.proxy;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the beginning of a gzip stream (RFC 1952) incrementally, so that the
 * envelope of a compressed reply can be read while the compressed bytes are forwarded
 * unchanged. Not thread-safe; one per reply. Call {@link #close()} when done.
 */
final class GzipHeadInflater
        implements AutoCloseable
{
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final Inflater inflater = new Inflater(true);
    private byte[] header = new byte[0];
    private boolean headerDone;

    interface Sink
    {
        void accept(byte[] bytes, int offset, int length);
    }

    /**
     * Inflates what {@code bytes} adds to the stream and passes the output to {@code sink}.
     *
     * @throws IllegalStateException if the stream is not valid gzip
     */
    void feed(byte[] bytes, int offset, int length, Sink sink)
    {
        byte[] input = bytes;
        int start = offset;
        int count = length;
        if (!headerDone) {
            byte[] joined = new byte[header.length + length];
            System.arraycopy(header, 0, joined, 0, header.length);
            System.arraycopy(bytes, offset, joined, header.length, length);
            int headerLength = headerLength(joined);
            if (headerLength < 0) {
                header = joined;
                return;
            }
            headerDone = true;
            header = null;
            input = joined;
            start = headerLength;
            count = joined.length - headerLength;
        }
        if (count == 0 || inflater.finished()) {
            return;
        }
        inflater.setInput(input, start, count);
        byte[] output = new byte[8192];
        try {
            while (!inflater.finished()) {
                int produced = inflater.inflate(output);
                if (produced == 0) {
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        return;
                    }
                    continue;
                }
                sink.accept(output, 0, produced);
            }
        }
        catch (DataFormatException e) {
            throw new IllegalStateException("invalid gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * @return the length of a complete gzip header at the start of {@code data}, or -1 if more bytes are needed
     */
    private static int headerLength(byte[] data)
    {
        if (data.length < 10) {
            return -1;
        }
        if ((data[0] & 0xFF) != 0x1F || (data[1] & 0xFF) != 0x8B || data[2] != 8) {
            throw new IllegalStateException("not a gzip stream");
        }
        int flags = data[3] & 0xFF;
        int position = 10;
        if ((flags & FEXTRA) != 0) {
            if (data.length < position + 2) {
                return -1;
            }
            position += 2 + ((data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8);
        }
        if ((flags & FNAME) != 0) {
            position = skipZeroTerminated(data, position);
        }
        if (position >= 0 && (flags & FCOMMENT) != 0) {
            position = skipZeroTerminated(data, position);
        }
        if (position >= 0 && (flags & FHCRC) != 0) {
            position += 2;
        }
        if (position < 0 || position > data.length) {
            return -1;
        }
        return position;
    }

    private static int skipZeroTerminated(byte[] data, int position)
    {
        for (int i = position; i < data.length; i++) {
            if (data[i] == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    @Override
    public void close()
    {
        inflater.end();
    }
}
