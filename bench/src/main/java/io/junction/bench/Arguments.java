package io.junction.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the benchmark programs. */
final class Arguments
{
    private final Map<String, String> values;

    private Arguments(Map<String, String> values)
    {
        this.values = values;
    }

    static Arguments parse(String[] args)
    {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got: " + arg);
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
            else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(arg.substring(2), args[++i]);
            }
            else {
                values.put(arg.substring(2), "true");
            }
        }
        return new Arguments(values);
    }

    String value(String name, String defaultValue)
    {
        return values.getOrDefault(name, defaultValue);
    }

    int intValue(String name, int defaultValue)
    {
        String value = values.get(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    boolean flag(String name)
    {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    /** A duration as {@code 500ms}, {@code 10s}, {@code 2m}, or plain seconds. */
    Duration duration(String name, Duration defaultValue)
    {
        String value = values.get(name);
        return value == null ? defaultValue : parseDuration(value);
    }

    static Duration parseDuration(String value)
    {
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }
}
