package io.junction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A real Trino 476 server (single node: coordinator and worker in one JVM, catalogs
 * {@code tpch}, {@code memory} and {@code system}) in its own process, started by
 * {@code dev/trino-cluster.sh} on a free loopback port. {@link #start} returns once the
 * server runs queries. Its node id is its {@link #name()}.
 * <p>
 * Starting takes 20-60 s, so tests that only query should share {@link TrinoClusters};
 * a test that stops, kills or reconfigures a server starts its own and closes it.
 * Servers still running when the JVM exits are stopped by a shutdown hook.
 * <p>
 * Thread-safe: the lifecycle methods are serialised.
 */
public final class TestingTrinoServer
        implements AutoCloseable
{
    private static final String LOOPBACK = "127.0.0.1";
    // the script's own deadline for startup is 300 s; the first start may also download Trino
    private static final Duration START_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final int PORT_ATTEMPTS = 3;
    private static final Set<TestingTrinoServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("trino-server-shutdown").unstarted(TestingTrinoServer::stopAllRunning));
    }

    private final TrinoClusterScript script;
    private final String name;
    private final int port;
    private final Path scriptLog;
    private final List<String> extraConfig;

    private TestingTrinoServer(TrinoClusterScript script, String name, int port, List<String> extraConfig)
    {
        this.extraConfig = List.copyOf(extraConfig);
        this.script = requireNonNull(script, "script is null");
        this.name = requireNonNull(name, "name is null");
        this.port = port;
        this.scriptLog = script.instanceDirectory(name).resolve("script.log");
    }

    /**
     * Starts a server named {@code name} (letters, digits, {@code _} and {@code -}) on a free
     * loopback port and waits until it runs a tpch query.
     *
     * @throws IllegalStateException if it does not start; the message has the end of its log
     */
    public static TestingTrinoServer start(String name)
    {
        return start(name, List.of());
    }

    /**
     * The same, with further {@code config.properties} lines (authentication, ...). Requests
     * of the script's readiness probe come over plain HTTP with {@code X-Trino-User} only,
     * so the server must accept those (Trino's default for insecure HTTP requests).
     */
    public static TestingTrinoServer start(String name, List<String> extraConfig)
    {
        TrinoClusterScript script = TrinoClusterScript.get();
        for (int attempt = 1; ; attempt++) {
            TestingTrinoServer server = new TestingTrinoServer(script, name, freeLoopbackPort(), extraConfig);
            try {
                server.launch();
                return server;
            }
            catch (PortTakenException e) {
                // another process took the port between our probe and Trino's bind
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    public String name()
    {
        return name;
    }

    public int port()
    {
        return port;
    }

    public URI uri()
    {
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    /**
     * The server's log; the previous run's is {@code server.log.prev} next to it.
     */
    public Path serverLog()
    {
        return script.instanceDirectory(name).resolve("server.log");
    }

    /**
     * The server JVM's process id, if it is running.
     */
    public OptionalLong pid()
    {
        TrinoClusterScript.Outcome outcome = script.run(scriptLog, STOP_TIMEOUT, "pid", name);
        if (!outcome.succeeded() || outcome.stdout().isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(outcome.stdout()));
    }

    /**
     * Stops the server gracefully (SIGTERM; SIGKILL after 30 s). A no-op if it is not running.
     */
    public synchronized void stop()
    {
        pid().ifPresent(_ -> signal("CONT"));
        runOrFail(STOP_TIMEOUT, "stop");
        RUNNING.remove(this);
    }

    /**
     * Kills the server with SIGKILL, as a crashed coordinator; returns once the process is
     * gone and its port refuses connections.
     */
    public synchronized void kill()
    {
        pid().ifPresent(_ -> signal("CONT"));
        runOrFail(STOP_TIMEOUT, "kill");
        RUNNING.remove(this);
    }

    /**
     * Stops the server's process with SIGSTOP, as a hung coordinator: connections are still
     * accepted by the kernel, nothing answers. {@link #thaw()} (or {@link #stop()}) lets it go on.
     */
    public synchronized void freeze()
    {
        signal("STOP");
    }

    /**
     * Lets a frozen server go on (SIGCONT).
     */
    public synchronized void thaw()
    {
        signal("CONT");
    }

    private void signal(String signal)
    {
        long pid = pid().orElseThrow(() -> new IllegalStateException(name + " is not running"));
        try {
            // never inherit the test JVM's stdin/stdout: surefire talks to its fork through them
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the server if it runs, then starts it again on the same port, with a fresh
     * data directory (the memory catalog starts empty).
     */
    public synchronized void restart()
    {
        stop();
        try {
            launch();
        }
        catch (PortTakenException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    @Override
    public String toString()
    {
        return "TestingTrinoServer[" + name + " at " + uri() + "]";
    }

    private synchronized void launch()
            throws PortTakenException
    {
        long logOffset = logSize();
        java.util.Map<String, String> environment = extraConfig.isEmpty() ? java.util.Map.of() : java.util.Map.of("TRINO_EXTRA_CONFIG", String.join("\n", extraConfig));
        TrinoClusterScript.Outcome outcome = script.run(scriptLog, START_TIMEOUT, environment, "start", name, Integer.toString(port));
        if (outcome.succeeded()) {
            RUNNING.add(this);
            return;
        }
        String scriptOutput = readFrom(scriptLog, logOffset);
        String message = "Trino server '%s' did not start on port %d (dev/trino-cluster.sh exit code %d).%nScript output (%s):%n%s%nEnd of the server log (%s):%n%s"
                .formatted(name, port, outcome.exitCode(), scriptLog, tail(scriptOutput, 60), serverLog(), tail(readFrom(serverLog(), 0), 60));
        if (scriptOutput.contains("is already in use by another process")) {
            throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
    }

    private void runOrFail(Duration timeout, String command)
    {
        TrinoClusterScript.Outcome outcome = script.run(scriptLog, timeout, command, name);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("'dev/trino-cluster.sh %s %s' failed with exit code %d; see %s".formatted(command, name, outcome.exitCode(), scriptLog));
        }
    }

    private static void stopAllRunning()
    {
        List<Thread> stopping = RUNNING.stream()
                .map(server -> Thread.ofPlatform().name("trino-stop-" + server.name()).start(server::stop))
                .toList();
        for (Thread thread : stopping) {
            try {
                thread.join(STOP_TIMEOUT);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freeLoopbackPort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long logSize()
    {
        try {
            return Files.exists(scriptLog) ? Files.size(scriptLog) : 0;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readFrom(Path file, long offset)
    {
        try {
            if (!Files.exists(file)) {
                return "(no file)";
            }
            byte[] bytes = Files.readAllBytes(file);
            int start = (int) Math.min(offset, bytes.length);
            return new String(bytes, start, bytes.length - start, UTF_8);
        }
        catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static String tail(String text, int lines)
    {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static final class PortTakenException
            extends Exception
    {
        PortTakenException(String message)
        {
            super(message);
        }
    }
}
