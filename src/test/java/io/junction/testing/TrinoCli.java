package io.junction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The real Trino 476 CLI ({@code io.trino:trino-cli:476:jar:executable}, fetched by
 * {@code dev/trino-cluster.sh cli-jar}) run as a separate process on the test JVM's Java,
 * with stdin from {@code /dev/null} and jline's dumb terminal, the way scripts and CI run it:
 * <pre>
 * TrinoCli.Result result = TrinoCli.run(Duration.ofMinutes(2), "--server", uri, "--user", "test", "--execute", sql);
 * assertThat(result.exitCode()).as(result.stderr()).isZero();
 * </pre>
 * Output is captured in files under {@code target/trino-cli}, so a chatty CLI never blocks.
 */
public final class TrinoCli
{
    /**
     * The exit code reported when the CLI was killed because it ran past its timeout.
     */
    public static final int TIMED_OUT = -1;

    private static Path cliJar;

    private TrinoCli() {}

    /**
     * The command line that runs the CLI, without its arguments: for test programs outside
     * this JVM (the console's browser tests) that run queries themselves.
     */
    public static List<String> command()
    {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                // no terminal: without this jline warns on stderr and probes the terminal
                "-Dorg.jline.terminal.dumb=true",
                "-jar",
                cliJar().toString());
    }

    /**
     * Runs the CLI to completion. A CLI still running after {@code timeout} is killed and
     * reported with {@link #TIMED_OUT} as its exit code, not thrown, so tests can assert on it.
     */
    public static Result run(Duration timeout, String... arguments)
    {
        return run(timeout, java.util.Map.of(), arguments);
    }

    /**
     * The same with further environment variables, e.g. {@code TRINO_PASSWORD} for {@code --password}.
     */
    public static Result run(Duration timeout, java.util.Map<String, String> environment, String... arguments)
    {
        Running running = startAsync(environment, arguments);
        try {
            return running.await(timeout);
        }
        finally {
            running.deleteOutput();
        }
    }

    /**
     * Starts the CLI and returns at once, for tests that act while a query runs (kill a
     * cluster mid-query, cancel, ...). Close the result, or {@link Running#await} it.
     */
    public static Running startAsync(String... arguments)
    {
        return startAsync(java.util.Map.of(), arguments);
    }

    private static Running startAsync(java.util.Map<String, String> environment, String... arguments)
    {
        List<String> command = new ArrayList<>(command());
        command.addAll(List.of(arguments));
        try {
            Path directory = Files.createDirectories(TrinoClusterScript.projectDirectory().resolve("target/trino-cli"));
            Path stdout = Files.createTempFile(directory, "cli", ".stdout");
            Path stderr = stdout.resolveSibling(stdout.getFileName().toString().replace(".stdout", ".stderr"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new Running(process, stdout, stderr, System.nanoTime());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path cliJar()
    {
        if (cliJar == null) {
            TrinoClusterScript script = TrinoClusterScript.get();
            TrinoClusterScript.Outcome outcome = script.run(script.runDirectory().resolve("cli-jar.log"), Duration.ofMinutes(10), "cli-jar");
            if (!outcome.succeeded()) {
                throw new IllegalStateException("dev/trino-cluster.sh cli-jar failed; see " + script.runDirectory().resolve("cli-jar.log"));
            }
            cliJar = Path.of(outcome.stdout().lines().reduce((first, last) -> last).orElseThrow());
        }
        return cliJar;
    }

    /**
     * @param exitCode the CLI's exit code, or {@link #TIMED_OUT}
     * @param elapsed from start until exit (or until the timeout)
     */
    public record Result(int exitCode, String stdout, String stderr, Duration elapsed)
    {
        public Result
        {
            requireNonNull(stdout, "stdout is null");
            requireNonNull(stderr, "stderr is null");
            requireNonNull(elapsed, "elapsed is null");
        }

        public boolean timedOut()
        {
            return exitCode == TIMED_OUT;
        }
    }

    /**
     * A CLI process that is running or has run; its output goes to {@link #stdout()} and
     * {@link #stderr()}, which stay after it exits.
     */
    public static final class Running
            implements AutoCloseable
    {
        private final Process process;
        private final Path stdout;
        private final Path stderr;
        private final long startNanos;

        private Running(Process process, Path stdout, Path stderr, long startNanos)
        {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.startNanos = startNanos;
        }

        public Process process()
        {
            return process;
        }

        public Path stdout()
        {
            return stdout;
        }

        public Path stderr()
        {
            return stderr;
        }

        /**
         * Waits for the CLI to exit; kills it once {@code timeout} has passed since it started
         * and then reports {@link #TIMED_OUT}.
         */
        public Result await(Duration timeout)
        {
            long remainingNanos = startNanos + timeout.toNanos() - System.nanoTime();
            try {
                boolean exited = process.waitFor(Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
                if (!exited) {
                    kill();
                }
                return new Result(exited ? process.exitValue() : TIMED_OUT, read(stdout), read(stderr), elapsed);
            }
            catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Trino CLI", e);
            }
        }

        @Override
        public void close()
        {
            kill();
        }

        private void kill()
        {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void deleteOutput()
        {
            try {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(Path file)
        {
            try {
                return Files.readString(file, UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
