package io.junction.bench;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes the {@code QueryResults} documents of the fake backend, in the member order Trino 476
 * writes them ({@code id, infoUri, partialCancelUri, nextUri, columns, data, stats, warnings}),
 * so a client or a gateway finds {@code nextUri} in the first bytes of a reply as it does with
 * Trino.
 *
 * <p>Only the envelope (ids and URIs) is built per reply. The row data of a page and the
 * {@code stats} objects are encoded once and shared: the backend should cost as little as
 * possible so the benchmark measures the proxy in front of it.
 *
 * <p>Thread-safe.
 */
final class QueryResultsEncoder
{
    /** Replies up to this size are sent as one buffer; larger pages as envelope, shared rows, tail. */
    static final int SINGLE_BUFFER_LIMIT = 64 * 1024;

    private static final int ROW_VALUE_LENGTH = 100;
    private static final int MAX_CACHED_PAGE_SIZES = 64;
    private static final String COLUMNS = """
            "columns":[{"name":"payload","type":"varchar","typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}}],""";
    private static final String STATS_FIELDS = """
            "nodes":%d,"totalSplits":%d,"queuedSplits":0,"runningSplits":%d,"completedSplits":%d,"planningTimeMillis":0,\
            "analysisTimeMillis":0,"cpuTimeMillis":0,"wallTimeMillis":0,"queuedTimeMillis":0,"elapsedTimeMillis":0,\
            "finishingTimeMillis":0,"physicalInputTimeMillis":0,"processedRows":0,"processedBytes":0,"physicalInputBytes":0,\
            "physicalWrittenBytes":0,"internalNetworkInputBytes":0,"peakMemoryBytes":0,"spilledBytes":0""";
    private static final byte[] QUEUED_TAIL = ("\"stats\":{\"state\":\"QUEUED\",\"queued\":true,\"scheduled\":false,"
            + STATS_FIELDS.formatted(0, 0, 0, 0) + "},\"warnings\":[]}").getBytes(UTF_8);
    private static final byte[] RUNNING_TAIL = ("\"stats\":{\"state\":\"RUNNING\",\"queued\":false,\"scheduled\":true,"
            + STATS_FIELDS.formatted(1, 1, 1, 0) + ",\"rootStage\":" + stage("RUNNING", false) + "},\"warnings\":[]}").getBytes(UTF_8);
    private static final byte[] FINISHED_TAIL = ("\"stats\":{\"state\":\"FINISHED\",\"queued\":false,\"scheduled\":true,"
            + "\"progressPercentage\":100.0,\"runningPercentage\":0.0,"
            + STATS_FIELDS.formatted(1, 1, 0, 1) + ",\"rootStage\":" + stage("FINISHED", true) + "},\"warnings\":[]}").getBytes(UTF_8);

    private final Map<Integer, EncodedRows> rowsByPageSize = new ConcurrentHashMap<>();

    /** The reply to {@code POST /v1/statement}. */
    ByteBuffer submitted(String base, FakeQuery query)
    {
        StringBuilder head = envelope(base, query);
        appendUri(head, "nextUri", base, "/v1/statement/queued/", query, 'q', 1);
        return ByteBuffer.wrap(concat(head, null, QUEUED_TAIL));
    }

    /** The reply to the queued URI: the query is dispatched, the next URI is the first executing one. */
    ByteBuffer dispatched(String base, FakeQuery query)
    {
        StringBuilder head = envelope(base, query);
        appendUri(head, "nextUri", base, "/v1/statement/executing/", query, 'e', 0);
        return ByteBuffer.wrap(concat(head, null, QUEUED_TAIL));
    }

    /** The reply to executing {@code token}: a page of rows, or the final reply without {@code nextUri}. */
    List<ByteBuffer> executing(String base, FakeQuery query, int token)
    {
        StringBuilder head = envelope(base, query);
        if (query.isFinal(token)) {
            head.append(COLUMNS);
            return List.of(ByteBuffer.wrap(concat(head, null, FINISHED_TAIL)));
        }
        head.append("\"partialCancelUri\":\"").append(base).append("/v1/statement/executing/partialCancel/")
                .append(query.id()).append("/0/").append(query.slug('e', token + 1)).append('/').append(token + 1).append("\",");
        appendUri(head, "nextUri", base, "/v1/statement/executing/", query, 'e', token + 1);
        head.append(COLUMNS);
        EncodedRows rows = rows(query.shape().pageBytes());
        if (head.length() + rows.bytes().length + RUNNING_TAIL.length <= SINGLE_BUFFER_LIMIT) {
            return List.of(ByteBuffer.wrap(concat(head, rows.bytes(), RUNNING_TAIL)));
        }
        return List.of(ByteBuffer.wrap(head.toString().getBytes(UTF_8)), rows.direct().duplicate(), ByteBuffer.wrap(RUNNING_TAIL));
    }

    /** Bytes of row data in a page of {@code pageBytes}: what the load generator counts as payload. */
    int rowBytes(int pageBytes)
    {
        return rows(pageBytes).bytes().length;
    }

    private EncodedRows rows(int pageBytes)
    {
        EncodedRows rows = rowsByPageSize.get(pageBytes);
        if (rows != null) {
            return rows;
        }
        rows = EncodedRows.of(pageBytes);
        if (rowsByPageSize.size() < MAX_CACHED_PAGE_SIZES) {
            rowsByPageSize.putIfAbsent(pageBytes, rows);
        }
        return rows;
    }

    private static StringBuilder envelope(String base, FakeQuery query)
    {
        StringBuilder head = new StringBuilder(320 + 3 * base.length());
        head.append("{\"id\":\"").append(query.id()).append("\",\"infoUri\":\"").append(base)
                .append("/ui/query.html?").append(query.id()).append("\",");
        return head;
    }

    private static void appendUri(StringBuilder head, String member, String base, String resource, FakeQuery query, char slugResource, int token)
    {
        head.append('"').append(member).append("\":\"").append(base).append(resource).append(query.id()).append('/')
                .append(query.slug(slugResource, token)).append('/').append(token).append("\",");
    }

    private static byte[] concat(StringBuilder head, byte[] rows, byte[] tail)
    {
        byte[] headBytes = head.toString().getBytes(UTF_8);
        int rowLength = rows == null ? 0 : rows.length;
        byte[] reply = new byte[headBytes.length + rowLength + tail.length];
        System.arraycopy(headBytes, 0, reply, 0, headBytes.length);
        if (rows != null) {
            System.arraycopy(rows, 0, reply, headBytes.length, rowLength);
        }
        System.arraycopy(tail, 0, reply, headBytes.length + rowLength, tail.length);
        return reply;
    }

    private static String stage(String state, boolean done)
    {
        return """
                {"stageId":"0","state":"%s","done":%s,"nodes":1,"totalSplits":1,"queuedSplits":0,"runningSplits":%d,"completedSplits":%d,\
                "cpuTimeMillis":0,"wallTimeMillis":0,"processedRows":0,"processedBytes":0,"physicalInputBytes":0,"failedTasks":0,\
                "coordinatorOnly":false,"subStages":[]}""".formatted(state, done, done ? 0 : 1, done ? 1 : 0);
    }

    /** {@code "data":[["..."],...],} of about {@code pageBytes} bytes, or nothing for an empty page. */
    private record EncodedRows(byte[] bytes, ByteBuffer direct)
    {
        static EncodedRows of(int pageBytes)
        {
            if (pageBytes == 0) {
                return new EncodedRows(new byte[0], ByteBuffer.allocateDirect(0));
            }
            StringBuilder data = new StringBuilder(pageBytes + 64).append("\"data\":[");
            long seed = pageBytes;
            int written = 0;
            boolean first = true;
            while (written < pageBytes) {
                int valueLength = Math.max(1, Math.min(ROW_VALUE_LENGTH, pageBytes - written - 5));
                if (!first) {
                    data.append(',');
                }
                data.append("[\"");
                for (int i = 0; i < valueLength; i++) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    data.append((char) ('a' + (int) ((seed >>> 33) % 26)));
                }
                data.append("\"]");
                written += valueLength + 5;
                first = false;
            }
            byte[] bytes = data.append("],").toString().getBytes(UTF_8);
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            return new EncodedRows(bytes, direct);
        }
    }
}
