package io.junction.routing;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a prepared statement's text from its {@code X-Trino-Prepared-Statement} value (already
 * URL-decoded). Trino (io.trino.server.protocol.PreparedStatementEncoder) sends a long statement
 * in {@code X-Trino-Added-Prepare} as {@code $zstd:} followed by the base64url encoding of its
 * zstd-compressed UTF-8 text, when that saves enough bytes
 * ({@code protocol.v1.prepared-statement-compression.*}); clients send it back unchanged.
 * No valid SQL statement starts with {@code $}, so other values are the text itself.
 * <p>
 * Pure Java (aircompressor, the codec Trino uses), no native code. Thread-safe.
 */
final class PreparedStatementDecoder
{
    private static final String COMPRESSED_PREFIX = "$zstd:";
    /** A prepared statement arrives in a header of at most a few MB; more text than this is not parsed. */
    static final int MAX_DECOMPRESSED_BYTES = 4 * 1024 * 1024;

    private PreparedStatementDecoder() {}

    /**
     * @throws IllegalArgumentException when a compressed value is malformed or decompresses to more than {@value #MAX_DECOMPRESSED_BYTES} bytes
     */
    static String decode(String value)
    {
        if (!value.startsWith(COMPRESSED_PREFIX)) {
            return value;
        }
        byte[] compressed = Base64.getUrlDecoder().decode(value.substring(COMPRESSED_PREFIX.length()).strip());
        ZstdJavaDecompressor decompressor = new ZstdJavaDecompressor();
        long size;
        try {
            size = decompressor.getDecompressedSize(compressed, 0, compressed.length);
        }
        catch (MalformedInputException e) {
            throw new IllegalArgumentException("not a zstd frame: " + e.getMessage(), e);
        }
        if (size < 0 || size > MAX_DECOMPRESSED_BYTES) {
            throw new IllegalArgumentException(size < 0
                    ? "the zstd frame does not state its size"
                    : "it decompresses to %d bytes, more than the %d that are parsed".formatted(size, MAX_DECOMPRESSED_BYTES));
        }
        byte[] text = new byte[(int) size];
        try {
            int length = decompressor.decompress(compressed, 0, compressed.length, text, 0, text.length);
            return new String(text, 0, length, StandardCharsets.UTF_8);
        }
        catch (MalformedInputException e) {
            throw new IllegalArgumentException("malformed zstd data: " + e.getMessage(), e);
        }
    }
}
