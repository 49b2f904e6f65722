package io.junction.server;

import io.junction.api.ApiConfig;
import io.junction.cluster.ClusterConfig;
import io.junction.cluster.LoadConfig;
import io.junction.config.ConfigProperties;
import io.junction.history.QueryHistoryConfig;
import io.junction.proxy.ProxyConfig;
import io.junction.routing.ExternalRoutingConfig;
import io.junction.routing.RoutingConfig;
import io.junction.security.HttpsConfig;
import io.junction.security.SecurityConfig;
import io.junction.store.StoreConfig;
import io.junction.telemetry.AccessLogConfig;
import io.junction.telemetry.LogFormatConfig;
import io.junction.telemetry.MetricsConfig;
import io.junction.telemetry.TracingConfig;
import java.nio.file.Path;

/**
 * Every feature's configuration, read from one set of properties.
 */
record FeatureConfigs(HttpServerConfig http, HttpsConfig https, ProxyConfig proxy, RoutingConfig routing, ExternalRoutingConfig externalRouting,
        ClusterConfig clusters, LoadConfig load, StoreConfig store, QueryHistoryConfig history, ApiConfig api, HttpsConfig adminHttps,
        TelemetryConfigs telemetry, SecurityConfig security, ConsoleConfig console)
{
    static FeatureConfigs read(ConfigProperties config, Path etcDirectory)
    {
        HttpServerConfig http = HttpServerConfig.from(config);
        HttpsConfig https = HttpsConfig.proxy(config, etcDirectory);
        if (!http.httpEnabled() && !https.enabled()) {
            config.addProblem("http-server.http.enabled", "is false and HTTPS is not enabled (http-server.https.enabled): Junction would not listen at all");
        }
        ProxyConfig proxy = ProxyConfig.from(config);
        RoutingConfig routing = RoutingConfig.from(config, etcDirectory);
        ExternalRoutingConfig externalRouting = ExternalRoutingConfig.from(config);
        ClusterConfig clusters = ClusterConfig.from(config, etcDirectory);
        LoadConfig load = LoadConfig.from(config);
        StoreConfig store = StoreConfig.from(config, etcDirectory);
        QueryHistoryConfig history = QueryHistoryConfig.from(config);
        ApiConfig api = ApiConfig.from(config);
        HttpsConfig adminHttps = HttpsConfig.admin(config, etcDirectory, https);
        FeatureConfigs features = new FeatureConfigs(http, https, proxy, routing, externalRouting, clusters, load, store, history, api, adminHttps,
                new TelemetryConfigs(MetricsConfig.from(config), TracingConfig.from(config), AccessLogConfig.from(config, etcDirectory), LogFormatConfig.from(config)),
                SecurityConfig.from(config, etcDirectory),
                ConsoleConfig.from(config));
        features.checkAdminExposure(config);
        return features;
    }

    /**
     * The secure default: without authentication the admin API must not be reachable from other machines,
     * over plain HTTP or HTTPS.
     */
    private void checkAdminExposure(ConfigProperties config)
    {
        if (security.authenticationConfigured() || api.allowInsecureUnauthenticated()) {
            return;
        }
        if (api.enabled() && !api.isLoopbackOnly()) {
            config.addProblem("admin.http.host", ("'%s' is not a loopback address and no authentication is configured, so anyone who reaches the admin API "
                    + "could change the fleet. Configure authentication (security.password-file, security.ldap.url, security.jwt.issuer or security.oidc.issuer; "
                    + "see docs/security.md), bind the API to 127.0.0.1, or on a trusted network set admin.http.allow-insecure-unauthenticated=true").formatted(api.host()));
        }
        if (adminHttps.enabled() && !ApiConfig.isLoopback(adminHttps.host())) {
            config.addProblem("admin.https.host", ("'%s' is not a loopback address and no authentication is configured, so anyone who reaches the admin API "
                    + "could change the fleet. Configure authentication (see docs/security.md), bind it to 127.0.0.1, "
                    + "or on a trusted network set admin.http.allow-insecure-unauthenticated=true").formatted(adminHttps.host()));
        }
    }

    record TelemetryConfigs(MetricsConfig metrics, TracingConfig tracing, AccessLogConfig accessLog, LogFormatConfig logFormat) {}
}
