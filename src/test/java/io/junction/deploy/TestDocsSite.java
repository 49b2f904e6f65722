package io.junction.deploy;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/ builds into a static HTML site (docs/site/build.mjs, the command in docs/README.md):
 * a page per Markdown file, and no link between pages (or to a heading) that leads nowhere.
 */
class TestDocsSite
{
    private static final Path PROJECT = Path.of(System.getProperty("junction.project.dir", "."));

    @Test
    void docsBuildIntoASiteWithoutBrokenLinks()
            throws Exception
    {
        Path builder = PROJECT.resolve("target/docs-site");
        Path output = builder.resolve("html");
        Files.createDirectories(builder);
        for (String file : List.of("package.json", "package-lock.json", "build.mjs")) {
            Files.copy(PROJECT.resolve("docs/site").resolve(file), builder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(builder.resolve("node_modules/marked"))) {
            run(builder, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
        Path log = builder.resolve("build.log");
        ProcessBuilder build = withoutTerminal(new ProcessBuilder("node", "build.mjs", output.toString()).directory(builder.toFile()), log);
        build.environment().put("JUNCTION_DOCS_DIR", PROJECT.resolve("docs").toString());
        Process process = build.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("the site build failed or found broken links: %s", Files.readString(log)).isZero();

        try (Stream<Path> pages = Files.list(PROJECT.resolve("docs"))) {
            for (Path page : pages.filter(path -> path.toString().endsWith(".md")).toList()) {
                String name = page.getFileName().toString().replaceFirst("\\.md$", ".html");
                assertThat(output.resolve(name)).exists();
            }
        }
        assertThat(Files.readString(output.resolve("operations.html")))
                .contains("<h2 id=\"metrics\">Metrics</h2>")
                .contains("junction_cluster_queries_routed_total")
                .contains("href=\"install.html#several-nodes\"");
        assertThat(output.resolve("index.html")).exists();
    }

    private static void run(Path directory, String... command)
            throws IOException, InterruptedException
    {
        Path log = directory.resolve("command.log");
        Process process = withoutTerminal(new ProcessBuilder(command).directory(directory.toFile()), log).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), Files.readString(log)).isZero();
    }

    /**
     * Never inherit the test JVM's stdin or stdout: they are surefire's channel to the JVM, and
     * node turning an inherited stdin non-blocking breaks it ("std/in stream corrupted").
     */
    private static ProcessBuilder withoutTerminal(ProcessBuilder builder, Path log)
    {
        return builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
    }
}
