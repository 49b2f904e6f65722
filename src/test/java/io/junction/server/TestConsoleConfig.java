package io.junction.server;

import io.junction.config.ConfigProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestConsoleConfig
{
    @Test
    void defaults()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(), Map.of());
        ConsoleConfig console = ConsoleConfig.from(properties);
        properties.validate();
        assertThat(console.enabled()).isTrue();
        assertThat(console.proxyUri()).isEmpty();
    }

    @Test
    void explicitMapping()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "console.enabled", "false",
                "console.proxy-uri", "https://trino.example.com:8443/"), Map.of());
        ConsoleConfig console = ConsoleConfig.from(properties);
        properties.validate();
        assertThat(console.enabled()).isFalse();
        assertThat(console.proxyUri()).contains(URI.create("https://trino.example.com:8443"));
    }

    @Test
    void proxyUriMustBeAnAbsoluteHttpUrl()
    {
        for (String bad : new String[] {"trino.example.com", "ftp://trino.example.com", "http://exa mple.com"}) {
            ConfigProperties properties = new ConfigProperties(Map.of("console.proxy-uri", bad), Map.of());
            ConsoleConfig.from(properties);
            assertThatThrownBy(properties::validate).as(bad).hasMessageContaining("console.proxy-uri: ");
        }
    }
}
