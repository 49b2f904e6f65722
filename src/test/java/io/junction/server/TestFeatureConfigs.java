package io.junction.server;

import io.junction.api.ApiConfig;
import io.junction.cluster.ClusterConfig;
import io.junction.cluster.LoadConfig;
import io.junction.cluster.LoadSource;
import io.junction.config.ConfigProperties;
import io.junction.history.QueryHistoryConfig;
import io.junction.proxy.ProxyConfig;
import io.junction.routing.ExternalRoutingConfig;
import io.junction.routing.RoutingConfig;
import io.junction.store.StoreConfig;
import io.junction.store.StoreDialect;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every feature's configuration record: its defaults, and a full explicit mapping.
 */
class TestFeatureConfigs
{
    private static final Path ETC = Path.of("/opt/junction/etc");

    @Test
    void defaults()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(), Map.of());
        HttpServerConfig http = HttpServerConfig.from(properties);
        ProxyConfig proxy = ProxyConfig.from(properties);
        RoutingConfig routing = RoutingConfig.from(properties, ETC);
        ExternalRoutingConfig external = ExternalRoutingConfig.from(properties);
        ClusterConfig clusters = ClusterConfig.from(properties, ETC);
        LoadConfig load = LoadConfig.from(properties);
        StoreConfig store = StoreConfig.from(properties, ETC);
        QueryHistoryConfig history = QueryHistoryConfig.from(properties);
        ApiConfig api = ApiConfig.from(properties);
        properties.validate();

        assertThat(external.enabled()).isFalse();
        assertThat(external.url()).isEmpty();
        assertThat(external.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(external.excludedHeaders()).isEqualTo(Set.of("authorization", "cookie", "x-trino-extra-credential"));
        assertThat(external.fallback()).isEqualTo(ExternalRoutingConfig.Fallback.DEFAULT_GROUP);
        assertThat(external.propagateErrors()).isFalse();
        assertThat(external.sqlFacts()).isFalse();

        assertThat(load.source()).isEqualTo(LoadSource.NONE);
        assertThat(load.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(load.user()).isEqualTo("junction");
        assertThat(load.password()).isEmpty();

        assertThat(history.enabled()).isTrue();
        assertThat(history.maxSqlLength()).isEqualTo(16_384);
        assertThat(history.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(history.bufferSize()).isEqualTo(10_000);

        assertThat(store.url()).isEqualTo("jdbc:h2:file:/opt/junction/data/junction");
        assertThat(store.dialect()).isEqualTo(StoreDialect.H2);
        assertThat(store.user()).isEmpty();
        assertThat(store.password()).isEmpty();
        assertThat(store.maxPoolSize()).isEqualTo(4);
        assertThat(store.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(store.refreshInterval()).isEqualTo(Duration.ofSeconds(1));

        assertThat(api.enabled()).isTrue();
        assertThat(api.host()).isEqualTo("127.0.0.1");
        assertThat(api.isLoopbackOnly()).isTrue();
        assertThat(api.port()).isEqualTo(8081);
        assertThat(api.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(api.allowInsecureUnauthenticated()).isFalse();

        assertThat(http.httpEnabled()).isTrue();
        assertThat(http.host()).isEqualTo("0.0.0.0");
        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.maxConnections()).isEqualTo(10_000);
        assertThat(http.http2Enabled()).isTrue();
        assertThat(http.maxRequestHeaderBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(http.maxResponseHeaderBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(http.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(http.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(http.trustedProxies().isTrusted("127.0.0.1")).isFalse();

        assertThat(proxy.routeTokenSecret()).isEmpty();
        assertThat(proxy.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(proxy.upstreamIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(proxy.maxInspectedStatementBytes()).isEqualTo(1024 * 1024);
        assertThat(proxy.maxEnvelopeBytes()).isEqualTo(64 * 1024);
        assertThat(proxy.extraPaths()).isEmpty();
        assertThat(proxy.affinityCacheSize()).isEqualTo(100_000);
        assertThat(proxy.affinityProbeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(proxy.queryIdleTimeout()).isEqualTo(Duration.ofMinutes(6));

        assertThat(routing.defaultGroup()).isEqualTo("adhoc");
        assertThat(routing.rulesSource()).as("without a rules file, rules are in the store").isEqualTo(RoutingConfig.RulesSource.STORE);
        assertThat(routing.rulesFile()).isEmpty();
        assertThat(routing.rulesRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(routing.transactionIdleTimeout()).isEqualTo(Duration.ofHours(1));

        assertThat(clusters.seedFile()).isEqualTo(ETC.resolve("clusters.yaml"));
        assertThat(clusters.checkInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(clusters.checkTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(clusters.failureThreshold()).isEqualTo(2);
        assertThat(clusters.recoveryThreshold()).isEqualTo(1);
        assertThat(clusters.passiveFailureThreshold()).isEqualTo(3);
        assertThat(clusters.passiveHoldTime()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void explicitMapping()
    {
        ConfigProperties properties = new ConfigProperties(Map.ofEntries(
                Map.entry("http-server.http.enabled", "false"),
                Map.entry("http-server.max-connections", "500"),
                Map.entry("http-server.http.host", "127.0.0.1"),
                Map.entry("http-server.http.port", "9090"),
                Map.entry("http-server.http2.enabled", "false"),
                Map.entry("http-server.max-request-header-size", "4MB"),
                Map.entry("http-server.max-response-header-size", "1MB"),
                Map.entry("http-server.idle-timeout", "10m"),
                Map.entry("http-server.shutdown.grace-period", "5s"),
                Map.entry("http-server.trusted-proxies", "10.0.0.0/8, 127.0.0.1"),
                Map.entry("proxy.route-token.secret", "0123456789abcdef0123456789abcdef"),
                Map.entry("proxy.upstream.connect-timeout", "2s"),
                Map.entry("proxy.upstream.idle-timeout", "90s"),
                Map.entry("proxy.max-inspected-statement-size", "2MB"),
                Map.entry("proxy.max-envelope-size", "16kB"),
                Map.entry("proxy.extra-paths", "/v1/jmx, /metrics"),
                Map.entry("proxy.affinity.cache-size", "5000"),
                Map.entry("proxy.affinity.probe-timeout", "1s"),
                Map.entry("proxy.query-idle-timeout", "10m"),
                Map.entry("routing.default-group", "etl"),
                Map.entry("routing.rules-source", "store"),
                Map.entry("routing.rules-file", "routing.yaml"),
                Map.entry("routing.rules-refresh-interval", "30s"),
                Map.entry("routing.transaction-idle-timeout", "20m"),
                Map.entry("routing.external.url", "http://router.internal:9000/route"),
                Map.entry("routing.external.timeout", "250ms"),
                Map.entry("routing.external.exclude-headers", "X-Secret, Cookie"),
                Map.entry("routing.external.fallback", "rules"),
                Map.entry("routing.external.propagate-errors", "true"),
                Map.entry("routing.external.sql-facts", "true"),
                Map.entry("clusters.seed-file", "/srv/clusters.yaml"),
                Map.entry("health.check-interval", "3s"),
                Map.entry("health.check-timeout", "500ms"),
                Map.entry("health.failure-threshold", "3"),
                Map.entry("health.recovery-threshold", "2"),
                Map.entry("health.passive.failure-threshold", "5"),
                Map.entry("health.passive.hold-time", "30s"),
                Map.entry("load.source", "ui-stats"),
                Map.entry("load.refresh-interval", "5s"),
                Map.entry("load.user", "svc-junction"),
                Map.entry("load.password", "${ENV:LOAD_PASSWORD}"),
                Map.entry("store.data-directory", "/var/lib/junction"),
                Map.entry("store.url", "jdbc:postgresql://db:5432/junction"),
                Map.entry("store.user", "junction"),
                Map.entry("store.password", "${ENV:STORE_PASSWORD}"),
                Map.entry("store.max-pool-size", "8"),
                Map.entry("store.connection-timeout", "2s"),
                Map.entry("store.refresh-interval", "500ms"),
                Map.entry("history.enabled", "false"),
                Map.entry("history.max-sql-length", "1000"),
                Map.entry("history.retention", "7d"),
                Map.entry("history.buffer-size", "500"),
                Map.entry("admin.http.enabled", "false"),
                Map.entry("admin.http.host", "0.0.0.0"),
                Map.entry("admin.http.port", "9091"),
                Map.entry("admin.max-request-size", "64kB"),
                Map.entry("admin.http.allow-insecure-unauthenticated", "true")), Map.of("STORE_PASSWORD", "s3cret", "LOAD_PASSWORD", "l0ad"));
        HttpServerConfig http = HttpServerConfig.from(properties);
        ProxyConfig proxy = ProxyConfig.from(properties);
        RoutingConfig routing = RoutingConfig.from(properties, ETC);
        ExternalRoutingConfig external = ExternalRoutingConfig.from(properties);
        ClusterConfig clusters = ClusterConfig.from(properties, ETC);
        LoadConfig load = LoadConfig.from(properties);
        StoreConfig store = StoreConfig.from(properties, ETC);
        QueryHistoryConfig history = QueryHistoryConfig.from(properties);
        ApiConfig api = ApiConfig.from(properties);
        properties.validate();

        assertThat(external.enabled()).isTrue();
        assertThat(external.url()).contains(URI.create("http://router.internal:9000/route"));
        assertThat(external.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(external.excludedHeaders()).isEqualTo(Set.of("x-secret", "cookie"));
        assertThat(external.excludes("AUTHORIZATION")).isFalse();
        assertThat(external.excludes("X-SECRET")).isTrue();
        assertThat(external.fallback()).isEqualTo(ExternalRoutingConfig.Fallback.RULES);
        assertThat(external.propagateErrors()).isTrue();
        assertThat(external.sqlFacts()).isTrue();

        assertThat(history.enabled()).isFalse();
        assertThat(history.maxSqlLength()).isEqualTo(1000);
        assertThat(history.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(history.bufferSize()).isEqualTo(500);

        assertThat(store.url()).isEqualTo("jdbc:postgresql://db:5432/junction");
        assertThat(store.dialect()).isEqualTo(StoreDialect.POSTGRESQL);
        assertThat(store.user()).contains("junction");
        assertThat(store.password()).contains("s3cret");
        assertThat(store.maxPoolSize()).isEqualTo(8);
        assertThat(store.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(store.refreshInterval()).isEqualTo(Duration.ofMillis(500));

        assertThat(api.enabled()).isFalse();
        assertThat(api.host()).isEqualTo("0.0.0.0");
        assertThat(api.isLoopbackOnly()).isFalse();
        assertThat(api.port()).isEqualTo(9091);
        assertThat(api.maxRequestBytes()).isEqualTo(64 * 1024);
        assertThat(api.allowInsecureUnauthenticated()).isTrue();

        assertThat(http.httpEnabled()).isFalse();
        assertThat(http.maxConnections()).isEqualTo(500);
        assertThat(http.host()).isEqualTo("127.0.0.1");
        assertThat(http.port()).isEqualTo(9090);
        assertThat(http.http2Enabled()).isFalse();
        assertThat(http.maxRequestHeaderBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(http.maxResponseHeaderBytes()).isEqualTo(1024 * 1024);
        assertThat(http.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(http.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.trustedProxies().isTrusted("10.1.2.3")).isTrue();
        assertThat(http.trustedProxies().isTrusted("127.0.0.1")).isTrue();
        assertThat(http.trustedProxies().isTrusted("192.168.0.1")).isFalse();

        assertThat(proxy.routeTokenSecret()).contains("0123456789abcdef0123456789abcdef");
        assertThat(proxy.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(proxy.upstreamIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(proxy.maxInspectedStatementBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(proxy.maxEnvelopeBytes()).isEqualTo(16 * 1024);
        assertThat(proxy.extraPaths()).isEqualTo(List.of("/v1/jmx", "/metrics"));
        assertThat(proxy.affinityCacheSize()).isEqualTo(5000);
        assertThat(proxy.affinityProbeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(proxy.queryIdleTimeout()).isEqualTo(Duration.ofMinutes(10));

        assertThat(routing.defaultGroup()).isEqualTo("etl");
        assertThat(routing.rulesSource()).isEqualTo(RoutingConfig.RulesSource.STORE);
        assertThat(routing.rulesFile()).contains(ETC.resolve("routing.yaml"));
        assertThat(routing.rulesRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(routing.transactionIdleTimeout()).isEqualTo(Duration.ofMinutes(20));

        assertThat(clusters.seedFile()).isEqualTo(Path.of("/srv/clusters.yaml"));
        assertThat(clusters.checkInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(clusters.checkTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(clusters.failureThreshold()).isEqualTo(3);
        assertThat(clusters.recoveryThreshold()).isEqualTo(2);
        assertThat(clusters.passiveFailureThreshold()).isEqualTo(5);
        assertThat(clusters.passiveHoldTime()).isEqualTo(Duration.ofSeconds(30));

        assertThat(load.source()).isEqualTo(LoadSource.UI_STATS);
        assertThat(load.refreshInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(load.user()).isEqualTo("svc-junction");
        assertThat(load.password()).contains("l0ad");
        assertThat(load.toString()).doesNotContain("l0ad");
    }

    @Test
    void rejectsAnUnknownLoadSourceNamingTheKey()
    {
        ConfigProperties properties = new ConfigProperties(Map.of("load.source", "jmx"), Map.of());
        LoadConfig.from(properties);
        assertThatThrownBy(properties::validate).hasMessageContaining("load.source: 'jmx' is not one of none, metrics, ui-stats");
    }

    @Test
    void rulesComeFromTheFileWhenOneIsSetUnlessTheStoreIsNamed()
    {
        assertThat(RoutingConfig.from(new ConfigProperties(Map.of("routing.rules-file", "routing.yaml"), Map.of()), ETC).rulesSource())
                .isEqualTo(RoutingConfig.RulesSource.FILE);
        ConfigProperties fileWithoutFile = new ConfigProperties(Map.of("routing.rules-source", "file"), Map.of());
        RoutingConfig.from(fileWithoutFile, ETC);
        assertThatThrownBy(fileWithoutFile::validate).hasMessageContaining("routing.rules-source: 'file' needs routing.rules-file");
        ConfigProperties unknown = new ConfigProperties(Map.of("routing.rules-source", "database"), Map.of());
        RoutingConfig.from(unknown, ETC);
        assertThatThrownBy(unknown::validate).hasMessageContaining("routing.rules-source: invalid value 'database': expected file or store");
    }

    @Test
    void rejectsShortSecretsBadProxiesAndRelativeExtraPaths()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "proxy.route-token.secret", "short",
                "http-server.trusted-proxies", "10.0.0.0/33",
                "proxy.extra-paths", "metrics"), Map.of());
        HttpServerConfig.from(properties);
        ProxyConfig.from(properties);
        assertThatThrownBy(properties::validate)
                .hasMessageContaining("proxy.route-token.secret: must be at least 32 characters long")
                .hasMessageNotContaining("short")
                .hasMessageContaining("http-server.trusted-proxies: '10.0.0.0/33' has an invalid prefix length")
                .hasMessageContaining("proxy.extra-paths: 'metrics' must be an absolute path prefix");
    }

    @Test
    void rejectsBadExternalRoutingSettingsNamingEachKey()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "routing.external.url", "ftp://router/route",
                "routing.external.fallback", "header",
                "routing.external.exclude-headers", "Authorization, bad header",
                "routing.external.timeout", "1ms"), Map.of());
        ExternalRoutingConfig.from(properties);
        assertThatThrownBy(properties::validate)
                .hasMessageContaining("routing.external.url: invalid value 'ftp://router/route': expected an http or https URL")
                .hasMessageContaining("routing.external.fallback: invalid value 'header': expected default-group, rules or reject")
                .hasMessageContaining("routing.external.exclude-headers: 'bad header' is not a valid header name")
                .hasMessageContaining("routing.external.timeout: invalid value '1ms': must be at least 10.00ms");

        ConfigProperties withCredentials = new ConfigProperties(Map.of("routing.external.url", "http://svc:pa55word@router/route"), Map.of());
        ExternalRoutingConfig.from(withCredentials);
        assertThatThrownBy(withCredentials::validate)
                .hasMessageContaining("routing.external.url: must not contain credentials")
                .hasMessageNotContaining("pa55word");
    }

    @Test
    void optionalSecretDefaultsToEmpty()
    {
        assertThat(ProxyConfig.from(new ConfigProperties(Map.of(), Map.of())).routeTokenSecret()).isEqualTo(Optional.empty());
    }
}
