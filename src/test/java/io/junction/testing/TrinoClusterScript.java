package io.junction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Runs the project's {@code dev/trino-cluster.sh}, the one place that knows how to fetch and
 * run real Trino servers. Every test JVM gets its own instance directory,
 * {@code target/trino-instances/jvm-PID}, so parallel JVMs of one checkout never share an
 * instance; servers that a dead JVM left running are stopped the first time a JVM uses it.
 */
final class TrinoClusterScript
{
    private static final String RUN_DIRECTORY_PREFIX = "jvm-";
    private static final int RUN_DIRECTORIES_KEPT = 3;

    private static TrinoClusterScript instance;

    private final Path projectDirectory;
    private final Path script;
    private final Path runDirectory;

    private TrinoClusterScript(Path projectDirectory)
    {
        this.projectDirectory = requireNonNull(projectDirectory, "projectDirectory is null");
        this.script = projectDirectory.resolve("dev/trino-cluster.sh");
        this.runDirectory = projectDirectory.resolve("target/trino-instances").resolve(RUN_DIRECTORY_PREFIX + ProcessHandle.current().pid());
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("Not executable: " + script + " (set the system property junction.project.dir to the Junction checkout)");
        }
    }

    static synchronized TrinoClusterScript get()
    {
        if (instance == null) {
            instance = new TrinoClusterScript(projectDirectory());
            instance.stopServersOfDeadJvms();
        }
        return instance;
    }

    static Path projectDirectory()
    {
        return Path.of(System.getProperty("junction.project.dir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    Path runDirectory()
    {
        return runDirectory;
    }

    Path instanceDirectory(String name)
    {
        return runDirectory.resolve(name);
    }

    /**
     * Runs {@code dev/trino-cluster.sh ARGS...}, appending its stderr (progress) to {@code log};
     * returns the exit code and stdout. Fails if the script does not end within the timeout.
     */
    Outcome run(Path log, Duration timeout, String... arguments)
    {
        return run(log, timeout, java.util.Map.of(), arguments);
    }

    /**
     * The same, with further environment variables for the script (e.g. {@code TRINO_EXTRA_CONFIG}).
     */
    Outcome run(Path log, Duration timeout, java.util.Map<String, String> environment, String... arguments)
    {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(runDirectory);
            Files.createDirectories(log.getParent());
            Path stdout = Files.createTempFile(runDirectory, "script", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(projectDirectory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(stdout.toFile())
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
                // the test JVM is Java 25: the servers and the CLI run on the same JDK
                builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
                builder.environment().put("TRINO_RUN_DIR", runDirectory.toString());
                // a busy CI machine (several test JVMs, each with servers) has seen starts of 230 s
                builder.environment().putIfAbsent("TRINO_START_TIMEOUT", "600");
                builder.environment().putAll(environment);
                Files.writeString(log, "$ " + String.join(" ", command) + "\n", UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    // SIGTERM: the script stops a half-started server before it exits
                    process.destroy();
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    throw new IllegalStateException("'%s' did not finish within %s; its log: %s".formatted(String.join(" ", arguments), timeout, log));
                }
                return new Outcome(process.exitValue(), Files.readString(stdout, UTF_8).strip());
            }
            finally {
                Files.deleteIfExists(stdout);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    record Outcome(int exitCode, String stdout)
    {
        boolean succeeded()
        {
            return exitCode == 0;
        }
    }

    /**
     * A JVM killed before its shutdown hook ran leaves its servers running. Stop them (the
     * script only signals processes whose command line names their instance directory) and
     * keep the logs of the last few dead JVMs for inspection.
     */
    private void stopServersOfDeadJvms()
    {
        Path parent = runDirectory.getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        try {
            List<Path> dead;
            try (Stream<Path> directories = Files.list(parent)) {
                dead = directories
                        .filter(directory -> !directory.equals(runDirectory))
                        .filter(TrinoClusterScript::isRunDirectoryOfDeadJvm)
                        .sorted(Comparator.comparing(TrinoClusterScript::lastModified).reversed())
                        .toList();
            }
            for (int i = 0; i < dead.size(); i++) {
                Path directory = dead.get(i);
                Outcome outcome = runFor(directory, "stop-all");
                if (outcome.succeeded() && i >= RUN_DIRECTORIES_KEPT) {
                    deleteRecursively(directory);
                }
            }
        }
        catch (IOException e) {
            // best effort: another JVM may be cleaning up the same directories
            System.err.println("Could not clean up old Trino instances under " + parent + ": " + e);
        }
    }

    private Outcome runFor(Path otherRunDirectory, String command)
    {
        Path log = otherRunDirectory.resolve("cleanup.log");
        try {
            ProcessBuilder builder = new ProcessBuilder(script.toString(), command)
                    .directory(projectDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("TRINO_RUN_DIR", otherRunDirectory.toString());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, "");
            }
            return new Outcome(process.exitValue(), "");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRunDirectoryOfDeadJvm(Path directory)
    {
        String name = directory.getFileName().toString();
        if (!Files.isDirectory(directory) || !name.matches(RUN_DIRECTORY_PREFIX + "\\d+")) {
            return false;
        }
        long pid = Long.parseLong(name.substring(RUN_DIRECTORY_PREFIX.length()));
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(process -> process.info().command())
                .filter(command -> command.endsWith("/java"))
                .isEmpty();
    }

    private static long lastModified(Path path)
    {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        }
        catch (IOException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
