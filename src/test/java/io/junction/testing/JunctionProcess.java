package io.junction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Junction started the way operators start it: {@code bin/junction run --etc-dir DIR},
 * as a separate process using the packaged jar. Tests that use it are tagged "packaged".
 */
public final class JunctionProcess
        implements AutoCloseable
{
    private final Process process;
    private final Path log;

    private JunctionProcess(Process process, Path log)
    {
        this.process = process;
        this.log = log;
    }

    public static Path projectDirectory()
    {
        return Path.of(System.getProperty("junction.project.dir", ".")).toAbsolutePath();
    }

    /**
     * Runs the launcher to completion (for configurations that must fail).
     */
    public static Result runToExit(Path etcDirectory, Duration timeout)
    {
        try {
            Path output = Files.createTempFile("junction-launcher", ".log");
            Process process = launcher(etcDirectory, output).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/junction did not exit within " + timeout + "; output:\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exitCode, String output) {}

    /**
     * Starts Junction and waits until {@code GET uri/health/ready} answers 200.
     */
    public static JunctionProcess start(Path etcDirectory, URI uri, Duration timeout)
    {
        try {
            Path output = Files.createTempFile("junction-process", ".log");
            JunctionProcess junction = new JunctionProcess(launcher(etcDirectory, output).start(), output);
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!junction.process.isAlive()) {
                    throw new AssertionError("Junction exited with " + junction.process.exitValue() + ":\n" + junction.output());
                }
                try {
                    HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(uri.resolve("/health/ready")).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return junction;
                    }
                }
                catch (IOException notYet) {
                    // not listening yet
                }
                junction.process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            junction.close();
            throw new AssertionError("Junction not ready within " + timeout + ":\n" + junction.output());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long pid()
    {
        return process.pid();
    }

    public String output()
    {
        try {
            return Files.readString(log);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
    {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder launcher(Path etcDirectory, Path output)
    {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                projectDirectory().resolve("bin/junction").toString(), "run", "--etc-dir", etcDirectory.toString()));
        builder.environment().put("JUNCTION_JAR", System.getProperty("junction.jar", projectDirectory().resolve("target/junction-0.1.0-SNAPSHOT.jar").toString()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(output.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return builder;
    }
}
