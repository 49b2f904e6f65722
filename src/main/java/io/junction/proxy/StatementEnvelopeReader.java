package io.junction.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the {@link StatementEnvelope} from the first bytes of a statement reply as they
 * arrive, with a non-blocking JSON parser, without waiting for (or holding) the rest of
 * the body. The raw bytes seen so far are kept so they can be forwarded, unchanged or
 * with URI fields rewritten, once the envelope is known.
 * <p>
 * A terminal reply (no {@code nextUri}: one per query) is read on, without holding its
 * bytes, for the query's final {@code stats.state} and {@code error} ({@code errorName},
 * {@code message}); reading stops at the error's {@code failureInfo}, after the fields that
 * follow {@code stats} when there is no error, or after {@link #MAX_TAIL_BYTES}.
 * <p>
 * Not thread-safe; one per reply, driven by the reply's content callbacks.
 */
final class StatementEnvelopeReader
        implements AutoCloseable
{
    private static final JsonFactory JSON = new JsonFactory();
    /** How much of a terminal reply after its envelope is read for the final state and error. */
    static final int MAX_TAIL_BYTES = 1024 * 1024;

    private final int maxBytes;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final GzipHeadInflater inflater;
    private byte[] raw = new byte[1024];
    private int rawLength;
    private byte[] plain;
    private int plainLength;
    private int depth;
    private String pendingField;
    private String queryId;
    private StatementEnvelope.UriField infoUri;
    private StatementEnvelope.UriField partialCancelUri;
    private StatementEnvelope.UriField nextUri;
    private State state = State.READING;
    // the end of a terminal reply, read past the envelope
    private ReplyEnd end;
    private int tailBytes;
    private byte[] tailScratch;

    enum State
    {
        READING,
        DECIDED,
        GAVE_UP,
    }

    StatementEnvelopeReader(boolean gzip, int maxBytes)
    {
        this.maxBytes = maxBytes;
        this.inflater = gzip ? new GzipHeadInflater() : null;
        this.plain = gzip ? new byte[1024] : null;
        try {
            this.parser = JSON.createNonBlockingByteArrayParser();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /**
     * Adds the next bytes of the body (as received, possibly compressed).
     *
     * @return the state after these bytes
     */
    State feed(ByteBuffer content)
    {
        if (state != State.READING) {
            if (readingTail()) {
                feedTail(content);
            }
            return state;
        }
        int length = content.remaining();
        if (rawLength + length > maxBytes) {
            append(content);
            return giveUp();
        }
        int start = rawLength;
        append(content);
        try {
            if (inflater == null) {
                parse(raw, start, length);
            }
            else {
                inflater.feed(raw, start, length, (bytes, offset, count) -> {
                    if (state == State.READING) {
                        int plainStart = appendPlain(bytes, offset, count);
                        try {
                            parse(plain, plainStart, count);
                        }
                        catch (IOException e) {
                            giveUp();
                        }
                    }
                    else if (readingTail()) {
                        parseTail(bytes, offset, count);
                    }
                });
            }
        }
        catch (IOException | RuntimeException e) {
            return giveUp();
        }
        return state;
    }

    /**
     * Signals the end of the body.
     */
    State finish()
    {
        if (state == State.READING) {
            return giveUp();
        }
        return state;
    }

    /**
     * Whether the reply is terminal and more of it is wanted: feed the rest of the body.
     */
    boolean readingTail()
    {
        return end != null && !end.done();
    }

    /**
     * What was read of a terminal reply after its envelope; empty for other replies.
     */
    Optional<ReplyEnd> replyEnd()
    {
        return Optional.ofNullable(end);
    }

    Optional<StatementEnvelope> envelope()
    {
        if (state != State.DECIDED) {
            return Optional.empty();
        }
        return Optional.of(new StatementEnvelope(Optional.ofNullable(queryId), Optional.ofNullable(infoUri), Optional.ofNullable(partialCancelUri), Optional.ofNullable(nextUri)));
    }

    boolean compressed()
    {
        return inflater != null;
    }

    /**
     * The bytes received so far, exactly as received.
     */
    ByteBuffer rawBytes()
    {
        return ByteBuffer.wrap(raw, 0, rawLength);
    }

    /**
     * The uncompressed bytes received so far; the offsets in the envelope refer to these.
     */
    byte[] plainBytes()
    {
        return inflater == null ? Arrays.copyOf(raw, rawLength) : Arrays.copyOf(plain, plainLength);
    }

    @Override
    public void close()
    {
        if (inflater != null) {
            inflater.close();
        }
        try {
            parser.close();
        }
        catch (IOException ignored) {
            // nothing to release beyond the parser's buffers
        }
    }

    private void parse(byte[] bytes, int offset, int length)
            throws IOException
    {
        feeder.feedInput(bytes, offset, offset + length);
        JsonToken token;
        while ((state == State.READING || readingTail()) && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            onToken(token);
        }
    }

    private void feedTail(ByteBuffer content)
    {
        int length = content.remaining();
        tailBytes += length;
        if (tailBytes > MAX_TAIL_BYTES) {
            end.stop(true);
            return;
        }
        byte[] bytes;
        int offset;
        if (content.hasArray()) {
            bytes = content.array();
            offset = content.arrayOffset() + content.position();
        }
        else {
            if (tailScratch == null || tailScratch.length < length) {
                tailScratch = new byte[Math.max(length, 8192)];
            }
            content.slice().get(tailScratch, 0, length);
            bytes = tailScratch;
            offset = 0;
        }
        try {
            if (inflater == null) {
                parseTail(bytes, offset, length);
            }
            else {
                inflater.feed(bytes, offset, length, this::parseTail);
            }
        }
        catch (RuntimeException e) {
            end.stop(true);
        }
    }

    private void parseTail(byte[] bytes, int offset, int length)
    {
        try {
            parse(bytes, offset, length);
        }
        catch (IOException e) {
            end.stop(true);
        }
    }

    private void onToken(JsonToken token)
            throws IOException
    {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (depth == 0 && token == JsonToken.START_ARRAY) {
                    giveUp();
                    return;
                }
                depth++;
                if (depth == 2 && pendingField != null) {
                    // an envelope field with a value that is not a string: no envelope as we know it
                    pendingField = null;
                    decide(null);
                }
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                if (depth == 0) {
                    decide(null);
                }
                if (end != null) {
                    end.closed(depth);
                }
            }
            case FIELD_NAME -> onFieldName(parser.currentName());
            case VALUE_STRING -> {
                if (depth == 1 && pendingField != null) {
                    recordString(pendingField, parser.getText());
                    pendingField = null;
                }
                else if (end != null) {
                    end.string(depth, parser.getText());
                }
            }
            default -> {
                pendingField = depth == 1 ? null : pendingField;
                if (end != null) {
                    end.otherValue(depth);
                }
            }
        }
    }

    private void onFieldName(String name)
    {
        if (state != State.READING) {
            if (end != null) {
                end.fieldName(depth, name);
            }
            return;
        }
        if (depth == 1) {
            if (isEnvelopeField(name)) {
                pendingField = name;
                return;
            }
            decide(name);
        }
    }

    private void recordString(String field, String value)
    {
        if (field.equals("id")) {
            queryId = value;
            return;
        }
        int start = stringTokenStart(field);
        int end = stringTokenEnd(start);
        StatementEnvelope.UriField uri = new StatementEnvelope.UriField(field, value, start, end);
        switch (field) {
            case "infoUri" -> infoUri = uri;
            case "partialCancelUri" -> partialCancelUri = uri;
            case "nextUri" -> nextUri = uri;
            default -> throw new IllegalStateException("not an envelope field: " + field);
        }
    }

    /**
     * Finds the string value of a top-level field in the bytes read so far. The envelope's
     * field names occur once, and inside a string value a quote is always escaped, so the
     * first unescaped {@code "name"} followed by a colon is the field.
     */
    private int stringTokenStart(String field)
    {
        byte[] bytes = inflater == null ? raw : plain;
        int length = inflater == null ? rawLength : plainLength;
        byte[] needle = ('"' + field + '"').getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (i > 0 && bytes[i - 1] == '\\') {
                continue;
            }
            int position = skipWhitespace(bytes, i + needle.length, length);
            if (position >= length || bytes[position] != ':') {
                continue;
            }
            position = skipWhitespace(bytes, position + 1, length);
            if (position < length && bytes[position] == '"') {
                return position;
            }
        }
        throw new IllegalStateException("field " + field + " not found in the bytes read");
    }

    private static int skipWhitespace(byte[] bytes, int position, int length)
    {
        int current = position;
        while (current < length && (bytes[current] == ' ' || bytes[current] == '\n' || bytes[current] == '\r' || bytes[current] == '\t')) {
            current++;
        }
        return current;
    }

    private int stringTokenEnd(int tokenStart)
    {
        byte[] bytes = inflater == null ? raw : plain;
        int length = inflater == null ? rawLength : plainLength;
        for (int i = tokenStart + 1; i < length; i++) {
            if (bytes[i] == '\\') {
                i++;
            }
            else if (bytes[i] == '"') {
                return i + 1;
            }
        }
        throw new IllegalStateException("string token not complete");
    }

    private static boolean isEnvelopeField(String name)
    {
        return switch (name) {
            case "id", "infoUri", "partialCancelUri", "nextUri" -> true;
            default -> false;
        };
    }

    /**
     * The envelope is complete. A terminal reply is read on for its end.
     *
     * @param field the top-level field after the envelope, if the decision came at one
     */
    private void decide(String field)
    {
        if (state == State.READING) {
            state = State.DECIDED;
            if (nextUri == null) {
                end = new ReplyEnd(field);
            }
        }
    }

    private State giveUp()
    {
        state = State.GAVE_UP;
        return state;
    }

    private void append(ByteBuffer content)
    {
        int length = content.remaining();
        if (rawLength + length > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLength + length));
        }
        content.slice().get(raw, rawLength, length);
        rawLength += length;
    }

    private int appendPlain(byte[] bytes, int offset, int count)
    {
        if (plainLength + count > plain.length) {
            plain = Arrays.copyOf(plain, Math.max(plain.length * 2, plainLength + count));
        }
        System.arraycopy(bytes, offset, plain, plainLength, count);
        int start = plainLength;
        plainLength += count;
        return start;
    }
}
