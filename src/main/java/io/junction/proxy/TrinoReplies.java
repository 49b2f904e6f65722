package io.junction.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replies Junction writes itself, in the Trino client protocol: a {@code QueryResults}
 * document in state FAILED, which every Trino client shows as a normal query failure
 * ("Query ... failed: message"), carrying the fields the Java client requires
 * ({@code id}, {@code infoUri}, {@code stats}). Thread-safe.
 */
public final class TrinoReplies
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    /** Coordinator-id suffix of queries Junction fails itself (letters from Trino's alphabet). */
    private static final String JUNCTION_COORDINATOR_ID = "jnctn";

    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();

    public TrinoReplies(Clock clock)
    {
        this.clock = clock;
    }

    /**
     * A new query id for a submission Junction rejects before any cluster saw it.
     */
    public String newQueryId()
    {
        String time = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(ID_TIME);
        return "%s_%05d_%s".formatted(time, Math.floorMod(counter.getAndIncrement(), 100_000), JUNCTION_COORDINATOR_ID);
    }

    /**
     * @param baseUri how the client reaches Junction, e.g. {@code http://gateway:8080}
     */
    public byte[] failedQuery(String queryId, String baseUri, GatewayError error, String message)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", queryId);
            json.writeStringField("infoUri", baseUri + "/ui/query.html?" + queryId);
            json.writeObjectFieldStart("stats");
            json.writeStringField("state", "FAILED");
            json.writeBooleanField("queued", false);
            json.writeBooleanField("scheduled", false);
            for (String counterName : new String[] {"nodes", "totalSplits", "queuedSplits", "runningSplits", "completedSplits",
                    "cpuTimeMillis", "wallTimeMillis", "queuedTimeMillis", "elapsedTimeMillis", "processedRows", "processedBytes", "peakMemoryBytes"}) {
                json.writeNumberField(counterName, 0);
            }
            json.writeEndObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", message);
            json.writeNumberField("errorCode", error.trinoErrorCode());
            json.writeStringField("errorName", error.trinoErrorName());
            json.writeStringField("errorType", error.trinoErrorType());
            json.writeObjectFieldStart("failureInfo");
            json.writeStringField("type", "io.junction.GatewayException");
            json.writeStringField("message", message);
            json.writeArrayFieldStart("suppressed");
            json.writeEndArray();
            json.writeArrayFieldStart("stack");
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
            json.writeArrayFieldStart("warnings");
            json.writeEndArray();
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
