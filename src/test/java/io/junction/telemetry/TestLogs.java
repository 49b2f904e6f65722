package io.junction.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log (written behind, one line per request) and the JSON log format.
 */
class TestLogs
{
    @Test
    void accessLogHasALinePerProxiedRequest()
            throws Exception
    {
        Path logDirectory = Files.createTempDirectory("junction-logs");
        Path accessLog = logDirectory.resolve("access.log");
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("logged", upstream.uri(), "adhoc")
                        .property("log.access.enabled", "true")
                        .property("log.access.path", accessLog.toString())
                        .build()) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(junction.uri().resolve("/v1/info?from=test")).header("User-Agent", "access-log-test").build(),
                    HttpResponse.BodyHandlers.ofString());
            String line = Eventually.until(Duration.ofSeconds(30), "the access log line",
                    () -> Files.exists(accessLog) ? Files.readAllLines(accessLog).stream().filter(text -> text.contains("access-log-test")).findFirst().orElse("") : "",
                    text -> !text.isEmpty());
            assertThat(line).startsWith("127.0.0.1 - - [").contains("\"GET /v1/info?from=test HTTP/").contains("\" 200 ").endsWith("ms");
        }
    }

    @Test
    void jsonFormatWritesOneObjectPerEvent()
            throws Exception
    {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%msg%n");
        text.start();
        console.setEncoder(text);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);

        LogFormat.apply(new LogFormatConfig(LogFormatConfig.Format.TEXT), context);
        assertThat(console.getEncoder()).isSameAs(text);

        LogFormat.apply(new LogFormatConfig(LogFormatConfig.Format.JSON), context);
        LoggingEvent event = new LoggingEvent(TestLogs.class.getName(), context.getLogger("io.junction.cluster.ClusterHealthChecker"), Level.WARN,
                "Cluster {} {} -> UNREACHABLE", null, new Object[] {"trino-1", "HEALTHY"});
        String encoded = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(encoded.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(encoded);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.junction.cluster.ClusterHealthChecker");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("Cluster trino-1 HEALTHY -> UNREACHABLE");
        assertThat(json.has("timestamp")).isTrue();
        context.stop();
    }
}
