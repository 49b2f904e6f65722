package io.junction.telemetry;

import io.junction.config.ConfigProperties;

import java.util.Locale;

/**
 * The format of Junction's own log on standard output (levels come from {@code etc/log.properties}).
 */
public record LogFormatConfig(Format format)
{
    public enum Format
    {
        /** Tab-separated: time, level, thread, logger, message. */
        TEXT,
        /** One JSON object per line, for log collectors. */
        JSON,
    }

    public static LogFormatConfig from(ConfigProperties properties)
    {
        String value = properties.string("log.format", "text", "Format of the server log on standard output: text or json (one JSON object per line)");
        try {
            return new LogFormatConfig(Format.valueOf(value.trim().toUpperCase(Locale.ROOT)));
        }
        catch (IllegalArgumentException e) {
            properties.addProblem("log.format", "'" + value + "' is neither text nor json");
            return new LogFormatConfig(Format.TEXT);
        }
    }
}
