package io.junction.server;

import io.junction.config.ConfigException;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API is never open on a public interface by accident: without authentication it
 * must listen on loopback, unless an explicit override says the network is trusted.
 */
class TestAdminSecureDefault
{
    @Test
    void refusesToStartWithTheApiOnAllAddressesAndNoAuthentication()
            throws Exception
    {
        Path etc = Files.createTempDirectory("junction-etc");
        Files.writeString(etc.resolve("clusters.yaml"), "clusters: []\n");
        assertThatThrownBy(() -> JunctionServer.create(Map.of("admin.http.host", "0.0.0.0", "admin.http.port", "0"), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.http.host: '0.0.0.0' is not a loopback address and no authentication is configured")
                .hasMessageContaining("admin.http.allow-insecure-unauthenticated=true");
    }

    @Test
    void startsOnAllAddressesWithTheExplicitOverride()
    {
        try (TestingJunction junction = TestingJunction.builder()
                .property("admin.http.host", "0.0.0.0")
                .property("admin.http.allow-insecure-unauthenticated", "true")
                .build()) {
            assertThat(junction.adminUri().getPort()).isPositive();
        }
    }

    @Test
    void startsOnAllAddressesWhenAuthenticationIsConfigured()
    {
        try (TestingJunction junction = TestingJunction.builder()
                .file("password.db", "# nobody yet\n")
                .property("security.password-file", "password.db")
                .property("admin.http.host", "0.0.0.0")
                .build()) {
            assertThat(junction.adminUri().getPort()).isPositive();
        }
    }

    @Test
    void aBrokenPasswordFileFailsStartupNamingTheFileAndLine()
            throws Exception
    {
        Path etc = Files.createTempDirectory("junction-etc");
        Files.writeString(etc.resolve("clusters.yaml"), "clusters: []\n");
        Files.writeString(etc.resolve("password.db"), "alice:hunter2\n");
        assertThatThrownBy(() -> JunctionServer.create(Map.of("security.password-file", "password.db"), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(etc.resolve("password.db").toString())
                .hasMessageContaining("line 1 (user 'alice')")
                .hasMessageNotContaining("hunter2");
    }
}
