package io.junction.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the package arrows of DESIGN.md one way: {@code proxy → routing → cluster}, every
 * feature may use {@code config}, feature DAOs use {@code store} (plumbing only), nothing
 * depends on {@code api}, {@code telemetry} or {@code server} (the composition root).
 */
class TestPackageDependencies
{
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", Set.of()),
            Map.entry("security", Set.of("config")),
            Map.entry("store", Set.of("config")),
            Map.entry("audit", Set.of("store")),
            Map.entry("cluster", Set.of("config", "store", "audit")),
            Map.entry("routing", Set.of("config", "cluster", "store", "audit")),
            Map.entry("history", Set.of("config", "store")),
            Map.entry("proxy", Set.of("config", "cluster", "routing", "security", "history")),
            Map.entry("api", Set.of("config", "cluster", "routing", "store", "audit", "security", "history")),
            // metrics, tracing, logs: binds the hooks and figures the features expose; no feature depends on it
            Map.entry("telemetry", Set.of("config", "cluster", "routing", "proxy")),
            Map.entry("server", Set.of("config", "cluster", "routing", "proxy", "security", "store", "audit", "history", "api", "telemetry")));
    private static final Pattern JUNCTION_REFERENCE = Pattern.compile("\\bio\\.junction\\.([a-z]+)\\.");

    @Test
    void packagesDependOnlyOnWhatTheDesignAllows()
            throws IOException
    {
        Path root = Path.of(System.getProperty("junction.project.dir", ".")).resolve("src/main/java/io/junction");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String owner = root.relativize(file).getName(0).toString();
                Set<String> allowed = ALLOWED.get(owner);
                if (allowed == null) {
                    violations.add(file + ": package '" + owner + "' is not in the design's table; add it to this test and DESIGN.md");
                    continue;
                }
                Matcher matcher = JUNCTION_REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    String used = matcher.group(1);
                    if (!used.equals(owner) && !allowed.contains(used)) {
                        violations.add(root.relativize(file) + " uses io.junction." + used);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
