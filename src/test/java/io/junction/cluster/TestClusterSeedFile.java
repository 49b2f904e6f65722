package io.junction.cluster;

import io.junction.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestClusterSeedFile
{
    @Test
    void readsClusters()
    {
        var clusters = ClusterSeedFile.parse("""
                clusters:
                  - name: trino1
                    uri: http://trino1:8080/
                    routing-group: adhoc
                  - name: trino2
                    uri: https://trino2:8443
                    routing-group: etl
                    enabled: false
                    forwarded-headers: false
                """, "clusters.yaml");
        assertThat(clusters).containsExactly(
                new ClusterDefinition("trino1", URI.create("http://trino1:8080"), "adhoc", true, true),
                new ClusterDefinition("trino2", URI.create("https://trino2:8443"), "etl", false, false));
    }

    @Test
    void reportsEveryBadEntry()
    {
        assertThatThrownBy(() -> ClusterSeedFile.parse("""
                clusters:
                  - name: a
                    uri: ftp://a
                    routing-group: adhoc
                  - name: b
                    routing-group: adhoc
                  - name: a
                    uri: http://a2:8080
                    routing-group: adhoc
                  - name: c
                    uri: http://c:8080
                """, "clusters.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("clusters[0]: cluster 'a': uri 'ftp://a' must be an absolute http or https URI")
                .hasMessageContaining("clusters[1] (b): 'uri' is required")
                .hasMessageContaining("clusters[2]: duplicate cluster name 'a'")
                .hasMessageContaining("clusters[3] (c): 'routing-group' is required");
    }

    @Test
    void namesUnknownFields()
    {
        assertThatThrownBy(() -> ClusterSeedFile.parse("""
                clusters:
                  - name: a
                    url: http://a:8080
                """, "clusters.yaml"))
                .hasMessageContaining("unknown field 'url'");
    }

    @Test
    void namesAMissingFile()
    {
        assertThatThrownBy(() -> ClusterSeedFile.load(Path.of("/nonexistent/clusters.yaml")))
                .hasMessageContaining("clusters.seed-file: file does not exist: /nonexistent/clusters.yaml");
    }
}
