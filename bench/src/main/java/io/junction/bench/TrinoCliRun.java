package io.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real-Trino run: N concurrent trino CLI processes, each running a few TPC-H queries, once
 * straight at a real Trino and once through Junction, alternating for several rounds; reports the
 * wall time of each round, the ratio, and whether both paths printed the same results.
 *
 * <p>Usage: {@code TrinoCliRun --cli-jar JAR --java JAVA --direct URL --junction URL [--clients 4]
 * [--rounds 2] --out DIR}. {@code bench/run.sh --trino} starts Trino and Junction and calls this.
 */
public final class TrinoCliRun
{
    /** TPC-H queries 1, 3, 6 and 10 over {@code tpch.tiny}, plus one larger result to stream (15,000 orders). */
    static final Map<String, String> QUERIES = queries();

    private static final Pattern DECIMAL = Pattern.compile("\"(-?\\d+\\.\\d+(?:E-?\\d+)?)\"");

    private TrinoCliRun() {}

    public static void main(String[] args)
            throws Exception
    {
        Arguments arguments = Arguments.parse(args);
        String cliJar = arguments.value("cli-jar", "");
        String java = arguments.value("java", "java");
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("direct", arguments.value("direct", ""));
        targets.put("junction", arguments.value("junction", ""));
        int clients = arguments.intValue("clients", 4);
        int rounds = arguments.intValue("rounds", 2);
        Path out = Path.of(arguments.value("out", "."));
        String sql = String.join(";\n", QUERIES.values());

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String> target : targets.entrySet()) {
                Path logs = out.resolve("logs/trino-%s-r%d".formatted(target.getKey(), round));
                Files.createDirectories(logs);
                long start = System.nanoTime();
                List<Process> processes = new ArrayList<>();
                for (int client = 0; client < clients; client++) {
                    processes.add(new ProcessBuilder(java, "-jar", cliJar, "--server", target.getValue(), "--user", "bench", "--catalog", "tpch",
                            "--schema", "tiny", "--output-format", "CSV", "--execute", sql)
                            .redirectOutput(logs.resolve("client-%d.out".formatted(client)).toFile())
                            .redirectError(logs.resolve("client-%d.err".formatted(client)).toFile())
                            .start());
                }
                for (int client = 0; client < clients; client++) {
                    Process process = processes.get(client);
                    if (!process.waitFor(5, TimeUnit.MINUTES)) {
                        process.destroyForcibly();
                        failures.add("%s round %d client %d: timed out".formatted(target.getKey(), round, client));
                    }
                    else if (process.exitValue() != 0) {
                        failures.add("%s round %d client %d: exit %d (see %s)".formatted(target.getKey(), round, client, process.exitValue(), logs));
                    }
                    digests.put("%s-r%d-c%d".formatted(target.getKey(), round, client), digest(logs.resolve("client-%d.out".formatted(client))));
                }
                double wall = (System.nanoTime() - start) / 1e9;
                seconds.computeIfAbsent(target.getKey(), _ -> new ArrayList<>()).add(Math.round(wall * 1000) / 1000.0);
                System.out.printf(Locale.ROOT, "trino: %-8s round %d: %d clients x %d queries in %.2f s%n", target.getKey(), round, clients, QUERIES.size(), wall);
            }
        }
        boolean identical = digests.values().stream().distinct().count() == 1;
        double ratio = median(seconds.get("junction")) / median(seconds.get("direct"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", clients);
        result.put("rounds", rounds);
        result.put("queries", new ArrayList<>(QUERIES.keySet()));
        result.put("seconds", seconds);
        result.put("ratio", Math.round(ratio * 1000) / 1000.0);
        result.put("identicalOutput", identical);
        result.put("failures", failures);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("trino.json").toFile(), result);
        System.out.printf(Locale.ROOT, "trino: wall time Junction / direct = %.3f (medians), outputs identical: %s, failures: %d%n", ratio, identical, failures.size());
    }

    static String markdown(BenchResults results)
    {
        JsonNode trino = results.trino().orElseThrow(() -> new IllegalStateException("no trino.json in " + results.directory()));
        StringBuilder out = new StringBuilder("## Real Trino (`bench/run.sh --trino`)\n\n");
        out.append("Measured on %s at commit `%s`, load average %s when it started. ".formatted(results.machine("date"), results.machine("git"), results.machine("loadavg")));
        out.append("One real Trino 476 (started by `dev/trino-cluster.sh`) and Junction in front of it; %d concurrent trino CLI processes each run TPC-H queries %s over `tpch.tiny` in one `--execute`, first straight at Trino, then through Junction, alternating for %d rounds. Wall time is from starting the CLI processes to the last one exiting (each CLI's own JVM start, about 1.5 s, is in both).\n\n"
                .formatted(trino.get("clients").asInt(), trino.get("queries").toString().replace("\"", ""), trino.get("rounds").asInt()));
        out.append("| target | wall time per round (s) |\n|---|---|\n");
        trino.get("seconds").properties().forEach(entry -> out.append("| ").append(entry.getKey()).append(" | ").append(entry.getValue().toString().replace(",", ", ")).append(" |\n"));
        out.append("\nWall time Junction ÷ direct (medians): **%.3f**. Every CLI printed the same results through Junction as straight from Trino (decimals compared to 9 significant digits, as Trino's double sums vary in the last digits from run to run): **%s**. Failures: %s.\n"
                .formatted(trino.get("ratio").asDouble(), trino.get("identicalOutput").asBoolean() ? "yes" : "no",
                        trino.get("failures").isEmpty() ? "none" : trino.get("failures").toString()));
        out.append("Each round runs direct first, then Junction; with the CLI's JVM starts in every client and other work on the machine, differences of some percent either way are noise, not Junction.\n");
        return out.toString();
    }

    private static double median(List<Double> values)
    {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * The digest of a CLI's output with every decimal rounded to 9 significant digits: Trino sums
     * doubles in whatever order its drivers finish, so the last digits differ from run to run even
     * straight from Trino (seen: {@code 287905.6368} and {@code 287905.6367999999}).
     */
    static String digest(Path file)
            throws IOException, NoSuchAlgorithmException
    {
        Matcher matcher = DECIMAL.matcher(Files.readString(file));
        StringBuilder normalized = new StringBuilder();
        while (matcher.find()) {
            String rounded = new BigDecimal(matcher.group(1)).round(new MathContext(9)).stripTrailingZeros().toPlainString();
            matcher.appendReplacement(normalized, Matcher.quoteReplacement("\"" + rounded + "\""));
        }
        matcher.appendTail(normalized);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> queries()
    {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("Q1", """
                SELECT returnflag, linestatus, sum(quantity), sum(extendedprice), sum(extendedprice * (1 - discount)),
                       sum(extendedprice * (1 - discount) * (1 + tax)), avg(quantity), avg(extendedprice), avg(discount), count(*)
                FROM lineitem WHERE shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
                GROUP BY returnflag, linestatus ORDER BY returnflag, linestatus""");
        queries.put("Q3", """
                SELECT l.orderkey, sum(l.extendedprice * (1 - l.discount)) AS revenue, o.orderdate, o.shippriority
                FROM customer c JOIN orders o ON c.custkey = o.custkey JOIN lineitem l ON l.orderkey = o.orderkey
                WHERE c.mktsegment = 'BUILDING' AND o.orderdate < DATE '1995-03-15' AND l.shipdate > DATE '1995-03-15'
                GROUP BY l.orderkey, o.orderdate, o.shippriority ORDER BY revenue DESC, o.orderdate, l.orderkey LIMIT 10""");
        queries.put("Q6", """
                SELECT sum(extendedprice * discount) AS revenue FROM lineitem
                WHERE shipdate >= DATE '1994-01-01' AND shipdate < DATE '1995-01-01' AND discount BETWEEN 0.05 AND 0.07 AND quantity < 24""");
        queries.put("Q10", """
                SELECT c.custkey, c.name, sum(l.extendedprice * (1 - l.discount)) AS revenue, c.acctbal, n.name, c.address, c.phone
                FROM customer c JOIN orders o ON c.custkey = o.custkey JOIN lineitem l ON l.orderkey = o.orderkey JOIN nation n ON c.nationkey = n.nationkey
                WHERE o.orderdate >= DATE '1993-10-01' AND o.orderdate < DATE '1994-01-01' AND l.returnflag = 'R'
                GROUP BY c.custkey, c.name, c.acctbal, c.phone, n.name, c.address ORDER BY revenue DESC, c.custkey LIMIT 20""");
        queries.put("orders", "SELECT * FROM orders ORDER BY orderkey");
        return queries;
    }
}
