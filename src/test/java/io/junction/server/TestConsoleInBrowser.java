package io.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser: runs {@code webapp/e2e/console.e2e.mjs} (Playwright driving
 * Debian's Chromium) with {@code node} against a real Junction and two real Trino servers.
 * Junction has password authentication: the script signs in on the console's login page as an
 * admin, adds a cluster and waits for it to turn healthy, creates a routing rule (its CEL
 * condition checked while typed), dry-runs it, runs a real query through Junction with the
 * trino CLI, finds it in the query history routed as the rule says, drains a cluster with a
 * query in flight until it reports drained, signs in again as a viewer who sees no controls
 * that change anything, and checks the browser reported no error. Steps
 * whose API this Junction does not serve yet are reported as skipped by the script.
 * <p>
 * Screenshots of every page: {@code target/console-e2e/screenshots}; the script's output is
 * printed and kept in {@code target/console-e2e/e2e.log}.
 */
@Tag("trino")
class TestConsoleInBrowser
{
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private static String randomPassword()
    {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String bcrypt(String password)
    {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 8);
    }

    @Test
    void operatorWorkflowsInARealBrowser()
            throws Exception
    {
        assumeTrue(ConsoleHandler.fromClasspath().isBuilt(), "the console was not built (-Dconsole.skip)");
        assertThat(CHROMIUM).as("Debian's Chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        Path project = Path.of(System.getProperty("junction.project.dir", ".")).toAbsolutePath();
        Path webapp = project.resolve("webapp");
        assertThat(webapp.resolve("node_modules/playwright-core")).as("npm ci in webapp/ (the Maven build runs it)").isDirectory();

        TestingTrinoServer first = TrinoClusters.first();
        TestingTrinoServer second = TrinoClusters.second();
        Path output = Files.createDirectories(project.resolve("target/console-e2e"));
        Path log = output.resolve("e2e.log");
        String adminPassword = randomPassword();
        String viewerPassword = randomPassword();
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("trino1", first.uri(), "adhoc")
                .property("health.check-interval", "500ms")
                // console sign-in: an admin who does everything, a viewer who may change nothing
                .file("password.db", "admin:" + bcrypt(adminPassword) + "\nvic:" + bcrypt(viewerPassword) + "\n")
                .property("security.password-file", "password.db")
                .property("security.roles.admin-users", "admin")
                .property("security.roles.viewer-users", "vic")
                .property("security.session.secret", randomPassword() + randomPassword())
                .build()) {
            ProcessBuilder node = new ProcessBuilder("node", "e2e/console.e2e.mjs")
                    .directory(webapp.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = node.environment();
            environment.put("CONSOLE_URL", junction.adminUri().toString());
            environment.put("PROXY_URL", junction.uri().toString());
            environment.put("NEW_CLUSTER_URI", second.uri().toString());
            environment.put("TRINO_CLI", new ObjectMapper().writeValueAsString(TrinoCli.command()));
            environment.put("SCREENSHOT_DIR", output.resolve("screenshots").toString());
            environment.put("CHROMIUM", CHROMIUM.toString());
            environment.put("CONSOLE_USER", "admin");
            environment.put("CONSOLE_PASSWORD", adminPassword);
            environment.put("VIEWER_USER", "vic");
            environment.put("VIEWER_PASSWORD", viewerPassword);
            Process process = node.start();
            boolean exited = process.waitFor(15, TimeUnit.MINUTES);
            if (!exited) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            String text = Files.readString(log);
            System.out.println(text);
            assertThat(exited).as("the browser test did not finish within 15 minutes:\n" + text).isTrue();
            assertThat(process.exitValue()).as("the browser test failed:\n" + text).isZero();
            // Every step must run: the script skips steps whose API is missing, which would let
            // this test pass without rules, versions or history.
            assertThat(text).contains("failed: 0; skipped: 0");
            assertThat(List.of("login.png", "overview.png", "clusters.png", "routing-dry-run.png", "clusters-drained.png", "audit.png"))
                    .allSatisfy(name -> assertThat(output.resolve("screenshots").resolve(name)).isNotEmptyFile());
        }
    }
}
