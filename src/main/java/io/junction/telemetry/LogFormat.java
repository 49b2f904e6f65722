package io.junction.telemetry;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * Switches the server log on standard output to one JSON object per line (logback's
 * {@link JsonEncoder}: timestamp, level, thread, logger, message, MDC, exception).
 */
final class LogFormat
{
    private LogFormat() {}

    static void apply(LogFormatConfig config)
    {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(config, context);
        }
    }

    static void apply(LogFormatConfig config, LoggerContext context)
    {
        if (config.format() != LogFormatConfig.Format.JSON) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console && !(console.getEncoder() instanceof JsonEncoder)) {
                console.stop();
                console.setEncoder(json(context));
                console.start();
            }
        }
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context)
    {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.start();
        return encoder;
    }
}
