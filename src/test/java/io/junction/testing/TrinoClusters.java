package io.junction.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two real Trino servers shared by every test of the JVM: started once, lazily, in
 * parallel (about 30-60 s for both on two cores), and stopped when the JVM exits.
 * <p>
 * Only for tests that query. A test that stops, kills or reconfigures a server must start
 * its own {@link TestingTrinoServer}; stopping a shared one breaks the tests after it.
 * If the servers fail to start, every later call fails at once with the same cause.
 */
public final class TrinoClusters
{
    private static Pair servers;
    private static RuntimeException failure;

    private TrinoClusters() {}

    /**
     * The first shared server, named {@code trino1}.
     */
    public static TestingTrinoServer first()
    {
        return servers().first();
    }

    /**
     * The second shared server, named {@code trino2}.
     */
    public static TestingTrinoServer second()
    {
        return servers().second();
    }

    private static synchronized Pair servers()
    {
        if (servers != null) {
            return servers;
        }
        if (failure != null) {
            throw new IllegalStateException("The shared Trino servers failed to start earlier in this JVM", failure);
        }
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("trino-start-", 1).factory())) {
            CompletableFuture<TestingTrinoServer> first = CompletableFuture.supplyAsync(() -> TestingTrinoServer.start("trino1"), executor);
            CompletableFuture<TestingTrinoServer> second = CompletableFuture.supplyAsync(() -> TestingTrinoServer.start("trino2"), executor);
            servers = new Pair(first.join(), second.join());
            return servers;
        }
        catch (CompletionException e) {
            // the shutdown hook stops whichever of the two did start
            failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            throw failure;
        }
    }

    private record Pair(TestingTrinoServer first, TestingTrinoServer second) {}
}
