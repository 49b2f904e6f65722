package io.junction.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files from a classpath folder: cache headers for hashed assets and for
 * index.html, the fallback to index.html for the app's routes (and not for missing files),
 * revalidation with ETags, redirects to /console/, and no way out of the console's folder.
 */
class TestConsoleHandler
{
    private static final String INDEX = "<!doctype html><div id=\"root\"></div><script src=\"/console/assets/index-4f3a9c.js\"></script>";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path classpath;
    private static Server server;
    private static URI base;

    @BeforeAll
    static void start()
            throws Exception
    {
        Files.createDirectories(classpath.resolve("console/assets"));
        Files.writeString(classpath.resolve("console/index.html"), INDEX);
        Files.writeString(classpath.resolve("console/assets/index-4f3a9c.js"), "console.log('app')");
        Files.writeString(classpath.resolve("console/favicon.svg"), "<svg/>");
        Files.writeString(classpath.resolve("secret.properties"), "password=hunter2");
        Files.writeString(classpath.resolve("console/.hidden.js"), "HIDDEN-CONTENT");
        ClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null);
        server = new Server(0);
        server.setHandler(new Handler.Sequence(new ConsoleHandler(loader, "console"), new NotFoundHandler()));
        server.start();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        server.stop();
    }

    @Test
    void servesIndexWithoutCachingAndWithSecurityHeaders()
    {
        HttpResponse<String> index = get("/console/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo(INDEX);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void hashedAssetsAreImmutableForAYear()
    {
        HttpResponse<String> script = get("/console/assets/index-4f3a9c.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).isEqualTo("console.log('app')");
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=utf-8");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

        HttpResponse<String> icon = get("/console/favicon.svg");
        assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(icon.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void routesOfTheAppFallBackToIndex()
    {
        for (String route : new String[] {"/console/clusters", "/console/routing/dry-run", "/console/history/20260101_000000_00001_abcde"}) {
            HttpResponse<String> answer = get(route);
            assertThat(answer.statusCode()).as(route).isEqualTo(200);
            assertThat(answer.body()).as(route).isEqualTo(INDEX);
            assertThat(answer.headers().firstValue("Cache-Control")).as(route).hasValue("no-cache");
        }
    }

    @Test
    void missingFilesAreNotFoundInsteadOfIndex()
    {
        HttpResponse<String> stale = get("/console/assets/index-0000.js");
        assertThat(stale.statusCode()).isEqualTo(404);
        assertThat(stale.body()).doesNotContain("root");
        assertThat(get("/console/robots.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void revalidationWithTheEtagAnswersNotModified()
            throws Exception
    {
        String etag = get("/console/").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = CLIENT.send(HttpRequest.newBuilder(base.resolve("/console/")).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void rootAndBarePathRedirectToTheConsole()
    {
        for (String path : new String[] {"/", "/console"}) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(path).hasValue("/console/");
        }
    }

    @Test
    void onlyReadsAreAllowed()
            throws Exception
    {
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(base.resolve("/console/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void nothingOutsideTheConsoleFolderCanBeNamed()
            throws IOException
    {
        // raw request lines, so that no client normalises the paths first
        for (String path : new String[] {"/console/../secret.properties", "/console/%2e%2e/secret.properties", "/console/assets/..%2f..%2fsecret.properties",
                "/console/..%5csecret.properties", "/console/.hidden.js", "/console//secret.properties"}) {
            String answer = rawGet(path);
            assertThat(answer).as(path).doesNotContain("hunter2").doesNotContain("HIDDEN-CONTENT");
        }
        assertThat(ConsoleHandler.safe("assets/index-4f3a9c.js")).isPresent();
        assertThat(ConsoleHandler.safe("../secret.properties")).isEmpty();
        assertThat(ConsoleHandler.safe("assets/../../secret.properties")).isEmpty();
        assertThat(ConsoleHandler.safe("assets\\..\\secret.properties")).isEmpty();
        assertThat(ConsoleHandler.safe(".hidden.js")).isEmpty();
        assertThat(ConsoleHandler.safe("assets//x.js")).isEmpty();
    }

    @Test
    void otherPathsAreLeftToTheNextHandler()
    {
        HttpResponse<String> answer = get("/api/v1/unknown");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("Not found");
    }

    private static HttpResponse<String> get(String path)
    {
        try {
            return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String rawGet(String path)
            throws IOException
    {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
