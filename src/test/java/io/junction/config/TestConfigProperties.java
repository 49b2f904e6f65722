package io.junction.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestConfigProperties
{
    @Test
    void listsEveryUnknownKeyAndInvalidValueAtOnce()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "http-server.htp.port", "8080",
                "health.check-interval", "soon",
                "some.count", "many",
                "extra.key", "x"), Map.of());
        properties.duration("health.check-interval", "1s", "interval");
        properties.integer("some.count", 1, 0, 10, "count");

        assertThatThrownBy(properties::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("http-server.htp.port: unknown property")
                .hasMessageContaining("extra.key: unknown property")
                .hasMessageContaining("health.check-interval: invalid value 'soon'")
                .hasMessageContaining("some.count: invalid value 'many': expected an integer");
    }

    @Test
    void parsesUnitsLikeTrino()
    {
        ConfigProperties properties = new ConfigProperties(Map.of("a", "1.5m", "b", "64kB", "c", "250ms"), Map.of());
        assertThat(properties.duration("a", "1s", "")).isEqualTo(Duration.ofSeconds(90));
        assertThat(properties.dataSize("b", "1MB", "").toBytes()).isEqualTo(64 * 1024);
        assertThat(properties.duration("c", "1s", "")).isEqualTo(Duration.ofMillis(250));
        properties.validate();
    }

    @Test
    void enforcesRangesAndMinimums()
    {
        ConfigProperties properties = new ConfigProperties(Map.of("port", "70000", "interval", "1ms"), Map.of());
        properties.integer("port", 8080, 0, 65535, "port");
        properties.duration("interval", "1s", Duration.ofMillis(100), "interval");
        assertThatThrownBy(properties::validate)
                .hasMessageContaining("port: invalid value '70000': must be between 0 and 65535")
                .hasMessageContaining("interval: invalid value '1ms': must be at least 100.00ms");
    }

    @Test
    void substitutesEnvironmentVariablesAndNamesMissingOnes()
    {
        ConfigProperties properties = new ConfigProperties(Map.of("secret", "${ENV:JUNCTION_SECRET}", "other", "x-${ENV:NOT_SET}"),
                Map.of("JUNCTION_SECRET", "s3cr3t"));
        assertThat(properties.optionalSecret("secret", "")).contains("s3cr3t");
        properties.string("other", "", "");
        assertThatThrownBy(properties::validate)
                .hasMessageContaining("other: environment variable NOT_SET is not set")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void invalidSecretValuesAreNotPrinted()
    {
        ConfigProperties properties = new ConfigProperties(Map.of("k", "not-a-size"), Map.of());
        properties.dataSize("k", "1MB", "");
        assertThatThrownBy(properties::validate).hasMessageContaining("k: invalid value 'not-a-size'");
    }

    @Test
    void resolvesPathsAgainstTheBaseDirectoryAndRequiresThem()
    {
        ConfigProperties properties = new ConfigProperties(Map.of("file", "clusters.yaml"), Map.of());
        assertThat(properties.path("file", java.util.Optional.empty(), Path.of("/etc/junction"), "")).isEqualTo(Path.of("/etc/junction/clusters.yaml"));
        ConfigProperties missing = new ConfigProperties(Map.of(), Map.of());
        missing.path("file", java.util.Optional.empty(), Path.of("/etc"), "the file");
        assertThatThrownBy(missing::validate).hasMessageContaining("file: is required (the file)");
    }

    @Test
    void describesEveryPropertyRead()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(), Map.of());
        properties.string("a.b", "x", "The a of b");
        properties.optionalSecret("a.secret", "A secret");
        assertThat(properties.describedProperties())
                .extracting(PropertyDescription::key, PropertyDescription::secret)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.b", false), org.assertj.core.groups.Tuple.tuple("a.secret", true));
    }
}
