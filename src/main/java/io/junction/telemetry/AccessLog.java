package io.junction.telemetry;

import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.BlockingArrayQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The proxy listener's access log: Jetty formats the line when the request completes and
 * hands it to a bounded queue; one background thread writes it to a file that rolls over
 * daily. A full queue drops lines (with a warning from Jetty), so a slow disk never slows requests.
 */
final class AccessLog
{
    private AccessLog() {}

    static RequestLog create(AccessLogConfig config)
    {
        Path file = config.file().toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of the access log " + file, e);
        }
        // Jetty rolls over a file name with yyyy_mm_dd in it; without one it appends the date to rolled files.
        AsyncRequestLogWriter writer = new AsyncRequestLogWriter(file.toString(), new BlockingArrayQueue<>(config.queueSize()));
        writer.setAppend(true);
        writer.setRetainDays(config.retainDays());
        return new CustomRequestLog(writer, config.format());
    }
}
