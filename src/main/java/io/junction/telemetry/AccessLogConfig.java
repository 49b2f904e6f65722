package io.junction.telemetry;

import io.junction.config.ConfigProperties;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The HTTP access log of the proxy listener: one line per request, written by a background
 * thread from a bounded queue (lines are dropped, never waited for, when it is full).
 */
public record AccessLogConfig(boolean enabled, Path file, String format, int retainDays, int queueSize)
{
    /** Jetty's extended NCSA format followed by the request's latency in milliseconds. */
    public static final String DEFAULT_FORMAT = "%{client}a - %u %t \"%r\" %s %O \"%{Referer}i\" \"%{User-Agent}i\" %{ms}Tms";

    public static AccessLogConfig from(ConfigProperties properties, Path etcDirectory)
    {
        boolean enabled = properties.bool("log.access.enabled", false, "Write an access log line for every request of the proxy listener");
        Path file = properties.path("log.access.path", Optional.of("../var/log/http-request.log"), etcDirectory,
                "Access log file, relative to the etc directory; rolled over daily (the old file gets the date appended)");
        return new AccessLogConfig(
                enabled,
                (file == null ? etcDirectory.resolve("../var/log/http-request.log") : file).normalize(),
                properties.string("log.access.format", DEFAULT_FORMAT,
                        "Access log line format, in the syntax of Jetty's CustomRequestLog (%r request line, %s status, %O bytes sent, %{ms}T latency, ...)"),
                properties.integer("log.access.retain-days", 7, 0, 3650, "Days of rolled-over access log files to keep (0 keeps all)"),
                properties.integer("log.access.queue-size", 10_000, 16, 10_000_000,
                        "Most access log lines waiting to be written; when the writer falls behind, new lines are dropped instead of slowing requests"));
    }
}
