package io.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark suite: for each mode, each target in turn (so every ratio compares runs
 * made minutes apart, not hours), and writes one JSON result and one percentile distribution
 * ({@code .hgrm}) per run. {@code bench/run.sh} starts the targets and calls this; see
 * {@code docs/performance.md}.
 *
 * <pre>
 * LoadGenerator --targets direct=http://127.0.0.1:A,nginx=http://127.0.0.1:B,junction=http://127.0.0.1:C
 *               [--h2c-targets direct=URL,nginx=URL,junction=URL]   targets that speak HTTP/2 for the 10k run
 *               [--watch backend=PID:jvm,nginx=PID,junction=PID:jvm] processes to sample; a role named like a
 *                                                                  target is sampled in that target's runs only
 *               [--modes submit,poll,poll-open,stream,concurrency-1k,concurrency-10k,soak]
 *               [--duration 10s] [--warmup 2s] [--rounds 1] [--rate 2000] [--soak 120s] [--soak-targets junction]
 *               --out DIR
 * </pre>
 */
public final class LoadGenerator
{
    /** Modes whose runs repeat {@code --rounds} times, alternating targets, to even out a noisy machine. */
    static final List<String> ROUNDED_MODES = List.of("submit", "poll", "poll-open", "stream");

    public static final List<String> ALL_MODES = List.of("submit", "poll", "poll-open", "stream", "concurrency-1k", "concurrency-10k", "soak");

    /**
     * From this many concurrent clients on, a concurrency run speaks HTTP/2 to targets that offer it:
     * every process here is limited to 20,000 open files, and a proxy holding 10,000 client
     * connections plus 10,000 upstream connections would need more.
     */
    static final int H2C_FROM_CLIENTS = Integer.getInteger("bench.h2c-from-clients", 5_000);

    private LoadGenerator() {}

    public static void main(String[] args)
            throws Exception
    {
        Arguments arguments = Arguments.parse(args);
        Map<String, URI> targets = uris(arguments.value("targets", ""));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--targets name=URL,... is required");
        }
        Map<String, URI> h2cTargets = uris(arguments.value("h2c-targets", ""));
        Map<String, String> watch = pairs(arguments.value("watch", ""));
        Path out = Path.of(arguments.value("out", "bench/results/manual"));
        Files.createDirectories(out);
        BenchSuite suite = new BenchSuite(
                arguments.duration("duration", Duration.ofSeconds(10)),
                arguments.duration("warmup", Duration.ofSeconds(2)),
                Double.parseDouble(arguments.value("rate", "2000")),
                arguments.duration("soak", Duration.ofSeconds(120)),
                Double.parseDouble(arguments.value("soak-rate", "2000")));
        List<String> modes = List.of(arguments.value("modes", String.join(",", ALL_MODES)).split(","));
        List<String> soakTargets = List.of(arguments.value("soak-targets", String.join(",", targets.keySet())).split(","));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        int rounds = arguments.intValue("rounds", 1);
        for (String mode : modes) {
            int modeRounds = ROUNDED_MODES.contains(mode) ? rounds : 1;
            for (int round = 1; round <= modeRounds; round++) {
                for (Map.Entry<String, URI> target : targets.entrySet()) {
                    if (mode.equals("soak") && !soakTargets.contains(target.getKey())) {
                        continue;
                    }
                    runOne(suite, mode, round, target.getKey(), target.getValue(), h2cTargets, watch, targets, out, json);
                }
            }
        }
    }

    private static void runOne(BenchSuite suite, String mode, int round, String targetName, URI target, Map<String, URI> h2cTargets,
            Map<String, String> watch, Map<String, URI> targets, Path out, ObjectMapper json)
            throws Exception
    {
        LoadSpec spec = suite.spec(mode, targetName, target);
        boolean manyClients = mode.startsWith("concurrency-") && BenchSuite.parseCount(mode.substring("concurrency-".length())) >= H2C_FROM_CLIENTS;
        if (manyClients && LoadClients.http2Available() && h2cTargets.containsKey(targetName)) {
            spec = spec.withHttp2(true, h2cTargets.get(targetName));
        }
        LoadRun run = new LoadRun(spec, watched(watch, targets.keySet(), targetName));
        LoadResult result = run.run();
        String file = mode + "-" + targetName + "-r" + round;
        json.writeValue(out.resolve(file + ".json").toFile(), result);
        try (PrintStream hgrm = new PrintStream(out.resolve(file + ".hgrm").toFile())) {
            run.histogram().outputPercentileDistribution(hgrm, 1000.0);
        }
        System.out.println(summary(result));
    }

    static String summary(LoadResult result)
    {
        return String.format(Locale.ROOT, "%-16s %-9s %-8s ops/s %9.1f  polls/s %9.1f  MiB/s %8.1f  p50 %7.3f  p99 %7.3f  p99.9 %8.3f ms  errors %d%s",
                result.name(), result.target(), result.protocol(), result.operationsPerSecond(), result.pollsPerSecond(), result.mebibytesPerSecond(),
                result.latency().p50(), result.latency().p99(), result.latency().p999(), result.errorCount(),
                result.errors().isEmpty() ? "" : " " + result.errors());
    }

    private static List<WatchedProcess> watched(Map<String, String> watch, Iterable<String> targetNames, String target)
    {
        List<String> names = new ArrayList<>();
        targetNames.forEach(names::add);
        List<WatchedProcess> processes = new ArrayList<>();
        processes.add(WatchedProcess.self());
        watch.forEach((role, value) -> {
            if (names.contains(role) && !role.equals(target)) {
                return;
            }
            boolean jvm = value.endsWith(":jvm");
            long pid = Long.parseLong(jvm ? value.substring(0, value.length() - 4) : value);
            processes.add(new WatchedProcess(role.equals(target) ? "proxy" : role, pid, jvm));
        });
        return processes;
    }

    private static Map<String, URI> uris(String value)
    {
        Map<String, URI> uris = new LinkedHashMap<>();
        pairs(value).forEach((name, uri) -> uris.put(name, URI.create(uri)));
        return uris;
    }

    private static Map<String, String> pairs(String value)
    {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected name=value: " + pair);
            }
            pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return pairs;
    }
}
