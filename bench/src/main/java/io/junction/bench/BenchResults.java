package io.junction.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one {@code bench/results/<timestamp>/} directory: the runs ({@code
 * <mode>-<target>-r<round>.json}), the machine description, the configurations used.
 */
record BenchResults(Path directory, Properties machine, Map<String, Map<String, List<LoadResult>>> runs, Optional<JsonNode> trino)
{
    static final List<String> TARGET_ORDER = List.of("direct", "nginx", "junction");
    private static final Pattern RUN_FILE = Pattern.compile("(.+)-(direct|nginx|junction)-r(\\d+)\\.json");

    static BenchResults load(Path directory)
            throws IOException
    {
        ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Properties machine = new Properties();
        Path properties = directory.resolve("machine.properties");
        if (Files.exists(properties)) {
            try (Reader reader = Files.newBufferedReader(properties)) {
                machine.load(reader);
            }
        }
        Map<String, Map<String, List<LoadResult>>> runs = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            Matcher matcher = RUN_FILE.matcher(file.getFileName().toString());
            if (matcher.matches()) {
                LoadResult result = json.readValue(file.toFile(), LoadResult.class);
                runs.computeIfAbsent(matcher.group(1), _ -> new TreeMap<>(Comparator.comparingInt(TARGET_ORDER::indexOf)))
                        .computeIfAbsent(matcher.group(2), _ -> new ArrayList<>())
                        .add(result);
            }
        }
        Path trinoFile = directory.resolve("trino.json");
        Optional<JsonNode> trino = Files.exists(trinoFile) ? Optional.of(json.readTree(trinoFile.toFile())) : Optional.empty();
        return new BenchResults(directory, machine, runs, trino);
    }

    String machine(String key)
    {
        return machine.getProperty(key, "");
    }

    String file(String name)
    {
        try {
            Path path = directory.resolve(name);
            return Files.exists(path) ? Files.readString(path) : "";
        }
        catch (IOException e) {
            return "";
        }
    }

    /**
     * The run that represents a target in a mode: with several rounds, the one with the highest
     * throughput (noise from other processes only ever slows a run down), or for a fixed arrival
     * rate the one with the lowest p99.
     */
    Map<String, LoadResult> best(String mode)
    {
        Map<String, LoadResult> best = new LinkedHashMap<>();
        runs.getOrDefault(mode, Map.of()).forEach((target, rounds) -> best.put(target, rounds.stream()
                .max(rounds.getFirst().arrivalRate() > 0
                        ? Comparator.comparingDouble((LoadResult result) -> -result.latency().p99())
                        : Comparator.comparingDouble(BenchResults::throughput))
                .orElseThrow()));
        return best;
    }

    List<LoadResult> rounds(String mode, String target)
    {
        return runs.getOrDefault(mode, Map.of()).getOrDefault(target, List.of());
    }

    static double throughput(LoadResult result)
    {
        return result.mode().equals("stream") ? result.mebibytesPerSecond() : result.operationsPerSecond();
    }
}
