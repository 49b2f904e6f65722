package io.junction.config;

import io.airlift.units.DataSize;
import io.airlift.units.Duration;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads Trino-style properties ({@code etc/config.properties}) for every feature at once.
 * <p>
 * Each feature reads its own keys through the typed getters, which never throw: a bad
 * value is recorded and a default is returned so that reading can go on. After all
 * features have read, {@link #validate()} fails once, naming every unknown key and every
 * invalid value. Values may reference environment variables as {@code ${ENV:NAME}}.
 * <p>
 * Not thread-safe; used once at startup.
 */
public final class ConfigProperties
{
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{ENV:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> values;
    private final Set<String> consumed = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, PropertyDescription> described = new LinkedHashMap<>();

    public ConfigProperties(Map<String, String> rawValues, Map<String, String> environment)
    {
        requireNonNull(rawValues, "rawValues is null");
        requireNonNull(environment, "environment is null");
        Map<String, String> resolved = new LinkedHashMap<>();
        rawValues.forEach((key, value) -> resolved.put(key.trim(), substituteEnvironment(key.trim(), value.trim(), environment)));
        this.values = resolved;
    }

    public static ConfigProperties of(Map<String, String> values)
    {
        return new ConfigProperties(values, System.getenv());
    }

    /**
     * Loads a properties file. A missing file is a configuration error naming the path.
     */
    public static Map<String, String> loadFile(Path file)
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (NoSuchFileException e) {
            throw new ConfigException("Configuration file does not exist: " + file);
        }
        catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return values;
    }

    public String string(String key, String defaultValue, String description)
    {
        return value(key, Optional.of(defaultValue), description, false, Function.identity(), defaultValue, "a string");
    }

    public Optional<String> optionalString(String key, String description)
    {
        return optional(key, description, false);
    }

    public Optional<String> optionalSecret(String key, String description)
    {
        return optional(key, description, true);
    }

    public int integer(String key, int defaultValue, int min, int max, String description)
    {
        return value(key, Optional.of(Integer.toString(defaultValue)), description, false, text -> {
            int parsed = Integer.parseInt(text);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return parsed;
        }, defaultValue, "an integer");
    }

    public boolean bool(String key, boolean defaultValue, String description)
    {
        return value(key, Optional.of(Boolean.toString(defaultValue)), description, false, text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        }, defaultValue, "a boolean");
    }

    public java.time.Duration duration(String key, String defaultValue, String description)
    {
        return duration(key, defaultValue, java.time.Duration.ZERO, description);
    }

    public java.time.Duration duration(String key, String defaultValue, java.time.Duration minimum, String description)
    {
        java.time.Duration fallback = Duration.valueOf(defaultValue).toJavaTime();
        return value(key, Optional.of(defaultValue), description, false, text -> {
            java.time.Duration parsed = Duration.valueOf(text).toJavaTime();
            if (parsed.compareTo(minimum) < 0) {
                throw new IllegalArgumentException("must be at least " + Duration.succinctDuration(minimum.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS));
            }
            return parsed;
        }, fallback, "a duration such as 500ms, 30s, 5m");
    }

    public DataSize dataSize(String key, String defaultValue, String description)
    {
        return value(key, Optional.of(defaultValue), description, false, DataSize::valueOf, DataSize.valueOf(defaultValue), "a data size such as 64kB, 2MB");
    }

    public List<String> list(String key, String defaultValue, String description)
    {
        return value(key, Optional.of(defaultValue), description, false, ConfigProperties::splitList, splitList(defaultValue), "a comma-separated list");
    }

    public Path path(String key, Optional<String> defaultValue, Path baseDirectory, String description)
    {
        Path fallback = defaultValue.map(baseDirectory::resolve).orElse(null);
        Path result = value(key, defaultValue, description, false, text -> baseDirectory.resolve(text).normalize(), fallback, "a file path");
        if (result == null && problems.stream().noneMatch(problem -> problem.startsWith(key + ":"))) {
            problems.add(key + ": is required (" + description + ")");
        }
        return result;
    }

    /**
     * Records a problem found by a feature while checking its values together
     * (for example, one value that must be larger than another).
     */
    public void addProblem(String key, String problem)
    {
        problems.add(key + ": " + problem);
    }

    /**
     * Fails with every problem recorded so far and every key that no feature read.
     */
    public void validate()
    {
        List<String> all = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(consumed);
        for (String key : unknown) {
            all.add(key + ": unknown property");
        }
        all.addAll(problems);
        if (!all.isEmpty()) {
            throw new ConfigException(all);
        }
    }

    /**
     * Every property read so far, in reading order: the source of the configuration reference.
     */
    public List<PropertyDescription> describedProperties()
    {
        return List.copyOf(described.values());
    }

    private Optional<String> optional(String key, String description, boolean secret)
    {
        describe(key, Optional.empty(), description, secret);
        consumed.add(key);
        String text = values.get(key);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private <T> T value(String key, Optional<String> defaultValue, String description, boolean secret, Function<String, T> parser, T fallback, String expected)
    {
        describe(key, defaultValue, description, secret);
        consumed.add(key);
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        }
        catch (RuntimeException e) {
            String shown = secret ? "<redacted>" : "'" + text + "'";
            String reason = e.getMessage() == null || e instanceof NumberFormatException ? "expected " + expected : e.getMessage();
            problems.add("%s: invalid value %s: %s".formatted(key, shown, reason));
            return fallback;
        }
    }

    private void describe(String key, Optional<String> defaultValue, String description, boolean secret)
    {
        described.putIfAbsent(key, new PropertyDescription(key, defaultValue, description, secret));
    }

    private String substituteEnvironment(String key, String value, Map<String, String> environment)
    {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = environment.get(name);
            if (replacement == null) {
                problems.add("%s: environment variable %s is not set".formatted(key, name));
                replacement = "";
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static List<String> splitList(String text)
    {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
