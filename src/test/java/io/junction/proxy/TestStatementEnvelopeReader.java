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
}
