package io.junction.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.junction.config.ConfigException;
import io.junction.config.ConfigProperties;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code etc/log.properties}, Trino style: one {@code logger.name=LEVEL} per line
 * (levels TRACE, DEBUG, INFO, WARN, ERROR, OFF). A missing file keeps the defaults.
 */
final class LoggingConfig
{
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private LoggingConfig() {}

    static void apply(Path logProperties)
    {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (!Files.exists(logProperties)) {
            return;
        }
        Map<String, String> levels = ConfigProperties.loadFile(logProperties);
        List<String> problems = new ArrayList<>();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        levels.forEach((logger, level) -> {
            String normalized = level.trim().toUpperCase(java.util.Locale.ROOT);
            if (!LEVELS.contains(normalized)) {
                problems.add("%s: %s: invalid level '%s' (one of %s)".formatted(logProperties, logger, level.trim(), LEVELS));
                return;
            }
            context.getLogger(logger.trim()).setLevel(Level.toLevel(normalized));
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
