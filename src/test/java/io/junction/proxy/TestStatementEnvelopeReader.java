package io.junction.proxy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class TestStatementEnvelopeReader
{
    private static final String RUNNING = """
            {"id":"20261128_132739_00006_pcmpq","infoUri":"http://gw:8080/j/tok/ui/query.html?20261128_132739_00006_pcmpq",\
            "partialCancelUri":"http://gw:8080/j/tok/v1/statement/executing/partialCancel/20261128_132739_00006_pcmpq/0/y02/1",\
            "nextUri":"http://gw:8080/j/tok/v1/statement/executing/20261128_132739_00006_pcmpq/y02/1",\
            "columns":[{"name":"nationkey","type":"bigint"}],"data":[[0],[1]],"stats":{"state":"RUNNING"},"warnings":[]}""";
    private static final String FINISHED = """
            {"id":"20261128_132739_00006_pcmpq","infoUri":"http://gw:8080/j/tok/ui/query.html?20261128_132739_00006_pcmpq",\
            "columns":[{"name":"nationkey","type":"bigint"}],"stats":{"state":"FINISHED","nextUri":"not me"},"warnings":[]}""";

    @Test
    void readsEnvelopeFedByteByByte()
    {
        byte[] bytes = RUNNING.getBytes(StandardCharsets.UTF_8);
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            StatementEnvelopeReader.State state = StatementEnvelopeReader.State.READING;
            int fed = 0;
            while (state == StatementEnvelopeReader.State.READING && fed < bytes.length) {
                state = reader.feed(ByteBuffer.wrap(bytes, fed, 1));
                fed++;
            }
            assertThat(state).isEqualTo(StatementEnvelopeReader.State.DECIDED);
            assertThat(fed).as("decided at the first field after the envelope").isLessThan(RUNNING.indexOf("\"data\""));
            StatementEnvelope envelope = reader.envelope().orElseThrow();
            assertThat(envelope.queryId()).contains("20261128_132739_00006_pcmpq");
            assertThat(envelope.isTerminal()).isFalse();
            StatementEnvelope.UriField next = envelope.nextUri().orElseThrow();
            assertThat(next.value()).isEqualTo("http://gw:8080/j/tok/v1/statement/executing/20261128_132739_00006_pcmpq/y02/1");
            assertThat(new String(reader.plainBytes(), next.start(), next.end() - next.start(), StandardCharsets.UTF_8))
                    .isEqualTo("\"" + next.value() + "\"");
            StatementEnvelope.UriField partial = envelope.partialCancelUri().orElseThrow();
            assertThat(new String(reader.plainBytes(), partial.start(), partial.end() - partial.start(), StandardCharsets.UTF_8))
                    .isEqualTo("\"" + partial.value() + "\"");
        }
    }

    @Test
    void replyWithoutNextUriIsTerminalEvenIfANestedFieldIsNamedSo()
    {
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            assertThat(reader.feed(ByteBuffer.wrap(FINISHED.getBytes(StandardCharsets.UTF_8)))).isEqualTo(StatementEnvelopeReader.State.DECIDED);
            assertThat(reader.envelope().orElseThrow().isTerminal()).isTrue();
        }
    }

    @Test
    void readsGzipCompressedReplyInSmallPieces()
            throws IOException
    {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(RUNNING.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = compressed.toByteArray();
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(true, 65536)) {
            StatementEnvelopeReader.State state = StatementEnvelopeReader.State.READING;
            for (int fed = 0; fed < bytes.length && state == StatementEnvelopeReader.State.READING; fed += 7) {
                state = reader.feed(ByteBuffer.wrap(bytes, fed, Math.min(7, bytes.length - fed)));
            }
            assertThat(state).isEqualTo(StatementEnvelopeReader.State.DECIDED);
            assertThat(reader.envelope().orElseThrow().nextUri().orElseThrow().value()).endsWith("/y02/1");
            assertThat(reader.rawBytes().remaining()).as("raw bytes are kept as received").isLessThanOrEqualTo(bytes.length);
        }
    }

    @Test
    void givesUpBeyondTheLimit()
    {
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 40)) {
            assertThat(reader.feed(ByteBuffer.wrap(RUNNING.getBytes(StandardCharsets.UTF_8)))).isEqualTo(StatementEnvelopeReader.State.GAVE_UP);
            assertThat(reader.envelope()).isEmpty();
        }
    }

    @Test
    void givesUpOnSomethingThatIsNotJson()
    {
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            assertThat(reader.feed(ByteBuffer.wrap("<html>oops</html>".getBytes(StandardCharsets.UTF_8)))).isEqualTo(StatementEnvelopeReader.State.GAVE_UP);
        }
    }

    private static final String FAILED = """
            {"id":"20261128_132739_00007_pcmpq","infoUri":"http://gw:8080/j/tok/ui/query.html?20261128_132739_00007_pcmpq",\
            "stats":{"state":"FAILED","queued":false,"nodes":1,"rootStage":{"stageId":"0","state":"FAILED"},"elapsedTimeMillis":12},\
            "error":{"message":"line 1:15: Table 'tpch.tiny.nope' does not exist","sqlState":"42000","errorCode":46,"errorName":"TABLE_NOT_FOUND",\
            "errorType":"USER_ERROR","errorLocation":{"lineNumber":1,"columnNumber":15},\
            "failureInfo":{"type":"io.trino.spi.TrinoException","message":"not this one","stack":[%s]}},"warnings":[]}""";

    @Test
    void readsTheFinalStateOfATerminalReply()
    {
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            reader.feed(ByteBuffer.wrap(FINISHED.getBytes(StandardCharsets.UTF_8)));
            assertThat(reader.replyEnd().orElseThrow().finalState()).as("stats.state, not a nested field").contains("FINISHED");
            assertThat(reader.replyEnd().orElseThrow().errorName()).isEmpty();
            assertThat(reader.readingTail()).as("nothing after stats but warnings: done").isFalse();
            assertThat(reader.replyEnd().orElseThrow().incomplete()).isFalse();
        }
    }

    @Test
    void readsTheErrorOfAFailedReplyFedByteByByteAndStopsBeforeTheFailureInfo()
    {
        String stack = String.join(",", java.util.Collections.nCopies(5000, "\"io.trino.Frame.method(Frame.java:1)\""));
        byte[] bytes = FAILED.formatted(stack).getBytes(StandardCharsets.UTF_8);
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            int fed = 0;
            for (; fed < bytes.length; fed++) {
                reader.feed(ByteBuffer.wrap(bytes, fed, 1));
                if (reader.envelope().isPresent() && !reader.readingTail()) {
                    break;
                }
            }
            assertThat(reader.envelope().orElseThrow().isTerminal()).isTrue();
            assertThat(reader.replyEnd().orElseThrow().finalState()).contains("FAILED");
            assertThat(reader.replyEnd().orElseThrow().errorName()).contains("TABLE_NOT_FOUND");
            assertThat(reader.replyEnd().orElseThrow().errorMessage()).contains("line 1:15: Table 'tpch.tiny.nope' does not exist");
            assertThat(fed).as("stopped at failureInfo, not after the stack trace").isLessThan(FAILED.indexOf("failureInfo") + 20);
        }
    }

    @Test
    void readsTheEndOfACompressedTerminalReplyArrivingInPieces()
            throws IOException
    {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(FAILED.formatted("").getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = compressed.toByteArray();
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(true, 65536)) {
            for (int fed = 0; fed < bytes.length; fed += 5) {
                reader.feed(ByteBuffer.wrap(bytes, fed, Math.min(5, bytes.length - fed)));
            }
            assertThat(reader.replyEnd().orElseThrow().finalState()).contains("FAILED");
            assertThat(reader.replyEnd().orElseThrow().errorName()).contains("TABLE_NOT_FOUND");
        }
    }

    @Test
    void readsNothingAfterTheEnvelopeOfAReplyThatGoesOn()
    {
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            reader.feed(ByteBuffer.wrap(RUNNING.getBytes(StandardCharsets.UTF_8)));
            assertThat(reader.readingTail()).isFalse();
            assertThat(reader.replyEnd()).as("stats of a reply with a nextUri are not read").isEmpty();
        }
    }

    @Test
    void givesUpOnAnOversizedTerminalReply()
    {
        String columns = String.join(",", java.util.Collections.nCopies(StatementEnvelopeReader.MAX_TAIL_BYTES / 20, "{\"name\":\"c\",\"type\":\"x\"}"));
        byte[] bytes = ("{\"id\":\"q\",\"infoUri\":\"http://x/ui\",\"columns\":[" + columns + "],\"stats\":{\"state\":\"FINISHED\"}}").getBytes(StandardCharsets.UTF_8);
        try (StatementEnvelopeReader reader = new StatementEnvelopeReader(false, 65536)) {
            for (int fed = 0; fed < bytes.length; fed += 8192) {
                reader.feed(ByteBuffer.wrap(bytes, fed, Math.min(8192, bytes.length - fed)));
            }
            assertThat(reader.replyEnd().orElseThrow().finalState()).isEmpty();
            assertThat(reader.replyEnd().orElseThrow().incomplete()).isTrue();
        }
    }
}
