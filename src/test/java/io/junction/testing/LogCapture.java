package io.junction.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the test JVM while open, with Junction's own loggers at DEBUG,
 * so a test can check what an operator's log would contain.
 */
public final class LogCapture
        implements AutoCloseable
{
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger junction = (Logger) LoggerFactory.getLogger("io.junction");
    private final Level junctionLevel;

    public LogCapture()
    {
        junctionLevel = junction.getLevel();
        junction.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    /**
     * Everything logged: messages with their arguments, MDC, exceptions and their causes.
     */
    public String text()
    {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : appender.list) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ').append(event.getFormattedMessage())
                    .append(' ').append(event.getMDCPropertyMap()).append('\n');
            for (IThrowableProxy failure = event.getThrowableProxy(); failure != null; failure = failure.getCause()) {
                text.append(failure.getClassName()).append(": ").append(failure.getMessage()).append('\n');
                for (StackTraceElementProxy frame : failure.getStackTraceElementProxyArray()) {
                    text.append(frame.getSTEAsString()).append('\n');
                }
            }
        }
        return text.toString();
    }

    public int size()
    {
        return appender.list.size();
    }

    @Override
    public void close()
    {
        root.detachAppender(appender);
        appender.stop();
        junction.setLevel(junctionLevel);
    }
}
