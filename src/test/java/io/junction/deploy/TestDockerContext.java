package io.junction.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker build cannot run here, so this checks what would break it: every source that
 * the Dockerfile COPYs from the build context exists in the repository and survives
 * {@code .dockerignore}, and the runtime stage is a Java 25 JRE running as a non-root user.
 */
class TestDockerContext
{
    private static final Path PROJECT = Path.of(System.getProperty("junction.project.dir", "."));

    @Test
    void everyCopiedSourceIsInTheBuildContext()
            throws IOException
    {
        List<String> ignored = Files.readAllLines(PROJECT.resolve(".dockerignore")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        List<String> sources = copiedSources(Files.readAllLines(PROJECT.resolve("Dockerfile")));
        assertThat(sources).contains("src/main/", "pom.xml", "mvnw", ".mvn/", "bin/junction", "deploy/docker/etc/");
        for (String source : sources) {
            Path path = PROJECT.resolve(source);
            assertThat(path).as("COPY source " + source).exists();
            try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path).filter(Files::isRegularFile) : Stream.of(path)) {
                List<String> kept = files.map(file -> PROJECT.relativize(file).toString()).filter(file -> !isIgnored(file, ignored)).toList();
                assertThat(kept).as("files of " + source + " left in the build context by .dockerignore").isNotEmpty();
            }
        }
        // what the build needs but must not drag in
        assertThat(isIgnored("src/main/java/io/junction/server/JunctionMain.java", ignored)).isFalse();
        assertThat(isIgnored("src/main/resources/logback.xml", ignored)).isFalse();
        assertThat(isIgnored("target/junction-0.1.0-SNAPSHOT.jar", ignored)).isTrue();
        assertThat(isIgnored(".git/HEAD", ignored)).isTrue();
    }

    @Test
    void runtimeStageIsAJava25JreAsNonRoot()
            throws IOException
    {
        List<String> lines = Files.readAllLines(PROJECT.resolve("Dockerfile"));
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages).hasSize(2);
        assertThat(stages.getLast()).isEqualTo("FROM eclipse-temurin:25-jre");
        int runtime = lines.indexOf(stages.getLast());
        List<String> runtimeLines = lines.subList(runtime, lines.size());
        assertThat(runtimeLines).anyMatch(line -> line.equals("USER 10001:10001"));
        assertThat(runtimeLines).anyMatch(line -> line.startsWith("ENTRYPOINT [\"/opt/junction/bin/junction\", \"run\""));
        assertThat(PROJECT.resolve("bin/junction")).isExecutable();
    }

    private static List<String> copiedSources(List<String> dockerfile)
    {
        List<String> sources = new ArrayList<>();
        for (String line : dockerfile) {
            if (!line.startsWith("COPY ") || line.contains("--from=")) {
                continue;
            }
            String[] words = line.substring("COPY ".length()).strip().split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                sources.add(words[i]);
            }
        }
        return sources;
    }

    /**
     * {@code .dockerignore} semantics for the patterns used there: a glob on the path from the
     * context root, and a match of a directory excludes everything under it.
     */
    private static boolean isIgnored(String file, List<String> patterns)
    {
        for (String pattern : patterns) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            Path path = Path.of(file);
            for (int i = 1; i <= path.getNameCount(); i++) {
                if (matcher.matches(path.subpath(0, i))) {
                    return true;
                }
            }
        }
        return false;
    }
}
