package io.junction.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.junction.api.RoutingDryRunResource;
import io.junction.api.ApiConfig;
import io.junction.api.ApiHandler;
import io.junction.api.ApiJson;
import io.junction.api.ApiRoutes;
import io.junction.api.AuditResource;
import io.junction.api.ClusterResource;
import io.junction.api.FleetResource;
import io.junction.api.HistoryResource;
import io.junction.api.InfoResource;
import io.junction.api.GuardedHandler;
import io.junction.api.IdentityResource;
import io.junction.api.OpenApiResource;
import io.junction.api.RoutingGroupResource;
import io.junction.api.RuleResource;
import io.junction.api.TrinoGatewayResource;
import io.junction.audit.AuditLogDao;
import io.junction.cluster.ClusterAdministration;
import io.junction.cluster.ClusterConfig;
import io.junction.cluster.ClusterDao;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterHealthChecker;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterSeedFile;
import io.junction.cluster.ClusterStoreSync;
import io.junction.config.ConfigException;
import io.junction.config.ConfigProperties;
import io.junction.config.PropertyDescription;
import io.junction.history.QueryHistoryDao;
import io.junction.history.QueryHistoryRecorder;
import io.junction.history.WriteBehindQueryHistory;
import io.junction.proxy.ProxyConfig;
import io.junction.proxy.ProxyHandler;
import io.junction.proxy.QueryAffinity;
import io.junction.proxy.QueryTracker;
import io.junction.proxy.RouteTokenCodec;
import io.junction.proxy.TrinoReplies;
import io.junction.routing.ClusterSelector;
import io.junction.routing.ExternalRouter;
import io.junction.routing.ExternalRoutingClient;
import io.junction.routing.ExternalRoutingConfig;
import io.junction.routing.ExternalRoutingStats;
import io.junction.routing.FileRuleSource;
import io.junction.routing.GroupRouter;
import io.junction.routing.Router;
import io.junction.routing.RoutingConfig;
import io.junction.routing.RuleSetParser;
import io.junction.routing.RuleAdministration;
import io.junction.routing.RuleDocuments;
import io.junction.routing.RuleSource;
import io.junction.routing.RuleVersionDao;
import io.junction.routing.StoreRuleSource;
import io.junction.routing.TransactionAffinity;
import io.junction.routing.RoutingGroupAdministration;
import io.junction.routing.RoutingGroupDao;
import io.junction.security.Access;
import io.junction.security.Authentication;
import io.junction.security.ClientAuthentication;
import io.junction.security.HttpsConfig;
import io.junction.security.ReloadingSslContext;
import io.junction.security.SecurityConfig;
import io.junction.store.Store;
import io.junction.store.StoreVersionDao;
import io.junction.telemetry.Telemetry;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: reads the configuration, builds every component with {@code new}
 * in dependency order, and starts and stops them in order.
 */
public final class JunctionServer
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(JunctionServer.class);
    private static final int MAX_POOLED_BUFFER = 4 * 1024 * 1024;
    private static final Duration HISTORY_STOP_DEADLINE = Duration.ofSeconds(5);

    private final HttpServerConfig httpConfig;
    private final ClusterHealthChecker healthChecker;
    private final QueryTracker tracker;
    private final HttpClient upstreamClient;
    private final HttpClient probeClient;
    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector httpsConnector;
    private final ReloadingSslContext proxyTls;
    private final HttpsConfig httpsConfig;
    private final List<PropertyDescription> properties;
    private final Optional<FileRuleSource> ruleSource;
    private final Optional<StoreRuleSource> storeRules;
    private final RuleAdministration ruleAdministration;
    private final Optional<WriteBehindQueryHistory> history;
    private final Store store;
    private final ClusterStoreSync storeSync;
    private final ClusterAdministration clusterAdministration;
    private final List<ClusterDefinition> seed;
    private final ApiConfig apiConfig;
    private final AdminServer adminServer;
    private final Telemetry telemetry;
    private final Readiness readiness = new Readiness();
    private final List<ApiRoutes.Route> adminRoutes;
    private final ClientAuthentication clientAuthentication;
    private final Optional<ExternalRoutingStats> externalRoutingStats;
    private ScheduledExecutorService maintenance;

    private JunctionServer(Map<String, String> rawProperties, Path etcDirectory, Map<String, String> environment, Clock clock)
    {
        ConfigProperties config = new ConfigProperties(rawProperties, environment);
        FeatureConfigs features = FeatureConfigs.read(config, etcDirectory);
        this.httpConfig = features.http();
        this.httpsConfig = features.https();
        ProxyConfig proxyConfig = features.proxy();
        RoutingConfig routingConfig = features.routing();
        ClusterConfig clusterConfig = features.clusters();
        this.properties = config.describedProperties();
        this.apiConfig = features.api();
        Documents documents = validate(config, clusterConfig, routingConfig, features.security(), clock);
        this.seed = documents.seed();
        this.ruleSource = documents.rules();
        Authentication authentication = documents.authentication();
        this.clientAuthentication = ClientAuthentication.create(authentication, features.security().clientAuthentication());

        this.telemetry = new Telemetry(features.telemetry().metrics(), features.telemetry().tracing(), features.telemetry().accessLog(), features.telemetry().logFormat());
        ClusterRegistry registry = new ClusterRegistry(clusterConfig, clock, telemetry.clusterTraffic());
        telemetry.bindFleet(registry);
        this.store = new Store(features.store(), telemetry.storePool());
        ClusterDao clusterDao = new ClusterDao();
        AuditLogDao auditLog = new AuditLogDao();
        StoreVersionDao versions = new StoreVersionDao();
        RoutingGroupDao groupDao = new RoutingGroupDao();
        RuleVersionDao ruleVersions = new RuleVersionDao();
        RuleDocuments ruleDocuments = new RuleDocuments(new RuleSetParser());
        this.storeRules = routingConfig.rulesSource() == RoutingConfig.RulesSource.STORE
                ? Optional.of(new StoreRuleSource(store, ruleVersions, groupDao, versions, ruleDocuments, routingConfig.rulesRefreshInterval()))
                : Optional.empty();
        RuleSource rules = storeRules.<RuleSource>map(source -> source).orElseGet(() -> ruleSource.orElseThrow());
        this.storeSync = new ClusterStoreSync(store, clusterDao, versions, registry, features.store().refreshInterval());
        Runnable afterChange = () -> {
            storeSync.refreshAfterChange();
            storeRules.ifPresent(StoreRuleSource::refreshAfterChange);
        };
        this.clusterAdministration = new ClusterAdministration(store, clusterDao, auditLog, versions, clock, afterChange);
        RoutingGroupAdministration groupAdministration = new RoutingGroupAdministration(store, groupDao, clusterDao, auditLog, versions, clock, afterChange);
        this.ruleAdministration = new RuleAdministration(store, ruleVersions, groupDao, auditLog, versions, ruleDocuments, clock, afterChange);
        QueryHistoryDao historyDao = new QueryHistoryDao();
        this.history = features.history().enabled() ? Optional.of(new WriteBehindQueryHistory(store, historyDao, features.history(), clock)) : Optional.empty();

        // One pool for the listener and both clients that keeps buffers up to 4 MB: header
        // buffers grow to the configured limits (2 MB) for large prepared statements, and the
        // listener takes a buffer of the response-header limit for every chunked reply's
        // trailer. Unpooled, each such buffer would be allocated and zeroed per request.
        ByteBufferPool buffers = new ArrayByteBufferPool.Quadratic(0, MAX_POOLED_BUFFER, Integer.MAX_VALUE, 0, 0);
        this.upstreamClient = UpstreamClients.create("proxy-client", proxyConfig, httpConfig, buffers);
        this.probeClient = UpstreamClients.create("probe-client", proxyConfig, httpConfig, buffers);
        this.tracker = new QueryTracker(proxyConfig.queryIdleTimeout(), System::nanoTime);
        // the clusters' own counts correct this node's in-flight counts
        this.healthChecker = new ClusterHealthChecker(registry, clusterConfig, features.load(), probeClient, clock, tracker);
        QueryAffinity affinity = new QueryAffinity(registry, probeClient, proxyConfig, Ticker.systemTicker());
        RouteTokenCodec tokens = new RouteTokenCodec(routeTokenSecret(proxyConfig));
        TransactionAffinity transactions = new TransactionAffinity(100_000, routingConfig.transactionIdleTimeout(), Ticker.systemTicker());
        GroupRouter groupRouter = new GroupRouter(registry, routingConfig, rules, transactions, new ClusterSelector(ThreadLocalRandom.current()));
        ExternalRoutingConfig externalRouting = features.externalRouting();
        this.externalRoutingStats = externalRouting.enabled() ? Optional.of(new ExternalRoutingStats()) : Optional.empty();
        // The routing service is called with the proxy's client: same pool, its own destination and deadline.
        Router router = externalRoutingStats
                .<Router>map(stats -> new ExternalRouter(groupRouter, new ExternalRoutingClient(upstreamClient, externalRouting, stats, Ticker.systemTicker())))
                .orElse(groupRouter);
        ProxyHandler proxy = new ProxyHandler(proxyConfig, upstreamClient, tokens, registry, telemetry.router(router),
                healthChecker, affinity, tracker, new TrinoReplies(clock), httpConfig.trustedProxies(), transactions, telemetry.proxy(), clientAuthentication,
                history.<QueryHistoryRecorder>map(recorder -> recorder).orElse(QueryHistoryRecorder.DISABLED));

        QueuedThreadPool threads = new QueuedThreadPool(400, 8);
        threads.setName("http-worker");
        telemetry.bindThreadPool("http-worker", threads);
        telemetry.bindThreadPool("proxy-client", (QueuedThreadPool) upstreamClient.getExecutor());
        telemetry.bindThreadPool("probe-client", (QueuedThreadPool) probeClient.getExecutor());
        externalRoutingStats.ifPresent(telemetry::bindExternalRouting);
        telemetry.bindGauge("junction.proxy.queries.tracked", "Queries this node counts as in flight, over all clusters", tracker::size);
        this.server = new Server(threads, null, buffers);
        telemetry.accessLog().ifPresent(server::setRequestLog);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(httpConfig.maxRequestHeaderBytes());
        http.setResponseHeaderSize(httpConfig.maxResponseHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setSendXPoweredBy(false);
        if (httpConfig.httpEnabled()) {
            this.connector = Listeners.plain(server, http, httpConfig.host(), httpConfig.port(), httpConfig.http2Enabled(), -1, -1);
            connector.setIdleTimeout(httpConfig.idleTimeout().toMillis());
            server.addConnector(connector);
        }
        else {
            this.connector = null;
        }
        if (features.https().enabled()) {
            this.proxyTls = new ReloadingSslContext("proxy", features.https());
            this.httpsConnector = Listeners.secure(server, http, proxyTls.factory(), features.https().host(), features.https().port(), httpConfig.http2Enabled(), -1, -1);
            httpsConnector.setIdleTimeout(httpConfig.idleTimeout().toMillis());
            server.addConnector(httpsConnector);
        }
        else {
            this.proxyTls = null;
            this.httpsConnector = null;
        }
        server.addBean(new NetworkConnectionLimit(httpConfig.maxConnections(), server.getConnectors()));
        server.setErrorHandler(new PlainTextErrorHandler());
        HealthResource health = new HealthResource(readiness);
        server.setHandler(new GracefulHandler(new Handler.Sequence(health, new RoutingDryRunResource(router, true), proxy, new NotFoundHandler())));
        server.setStopTimeout(httpConfig.shutdownGracePeriod().toMillis());

        ApiJson json = new ApiJson();
        ApiRoutes routes = new ApiRoutes();
        new IdentityResource(authentication, features.security().oidc().flatMap(SecurityConfig.OidcConfig::redirectUri), json).register(routes);
        new ClusterResource(clusterAdministration, registry, json, features.load().source()).register(routes);
        new RoutingGroupResource(groupAdministration, registry, json, rules, storeRules.isPresent()).register(routes);
        new RuleResource(json, rules, storeRules, ruleAdministration).register(routes);
        new HistoryResource(store, historyDao, history).register(routes);
        new AuditResource(store, auditLog).register(routes);
        new FleetResource(registry, storeSync, features.load().source()).register(routes);
        new OpenApiResource().register(routes);
        new TrinoGatewayResource(clusterAdministration, registry, json).register(routes);
        this.adminRoutes = routes.routes();
        List<Handler> adminHandlers = new ArrayList<>();
        // /metrics is not an API route, but it answers to the same guard: the role of security.metrics-access
        telemetry.adminHandlers().forEach(handler -> adminHandlers.add(new GuardedHandler(Telemetry.METRICS_PATH, features.security().metricsAccess(), handler, authentication)));
        adminHandlers.add(new ApiHandler(routes, json.mapper(), apiConfig.maxRequestBytes(), authentication));
        // beside the API's routes, behind the same guard: who this Junction is, and the console's dry-run tester
        ConsoleConfig consoleConfig = features.console();
        InfoResource info = new InfoResource(json.mapper(), JunctionVersion.current(), clock.instant(), consoleConfig.proxyUri(), this::proxyListener);
        adminHandlers.add(new GuardedHandler(InfoResource.PATH, Access.VIEWER, info, authentication));
        // without authentication the admin listener is loopback-only anyway; with it, the guard decides
        RoutingDryRunResource adminDryRun = new RoutingDryRunResource(router, !authentication.enabled());
        adminHandlers.add(new GuardedHandler(RoutingDryRunResource.PATH, Access.VIEWER, adminDryRun, authentication));
        if (consoleConfig.enabled()) {
            // the console's files are public (its login page must load); everything it shows comes from the guarded API
            adminHandlers.add(ConsoleHandler.fromClasspath());
        }
        this.adminServer = apiConfig.enabled() || features.adminHttps().enabled()
                ? new AdminServer(apiConfig, features.adminHttps(), adminHandlers, telemetry, authentication)
                : null;
    }

    /**
     * Reads {@code config.properties} from the etc directory and builds the server.
     *
     * @throws ConfigException listing every problem of the configuration
     */
    public static JunctionServer fromEtcDirectory(Path etcDirectory)
    {
        Map<String, String> values = ConfigProperties.loadFile(etcDirectory.resolve("config.properties"));
        return new JunctionServer(values, etcDirectory, System.getenv(), Clock.systemUTC());
    }

    public static JunctionServer create(Map<String, String> properties, Path etcDirectory)
    {
        return new JunctionServer(properties, etcDirectory, System.getenv(), Clock.systemUTC());
    }

    public void start()
            throws Exception
    {
        long started = System.nanoTime();
        store.start();
        List<String> imported = clusterAdministration.importSeed(seed, "seed-file");
        if (!imported.isEmpty()) {
            log.info("Imported clusters from the seed file into the store: {}", imported);
        }
        storeSync.refresh();
        readiness.storeLoaded();
        storeSync.start();
        if (storeRules.isPresent()) {
            ruleSource.ifPresent(file -> ruleAdministration.importRuleSet(file.current(), "rules-file")
                    .ifPresent(version -> log.info("Imported the routing rules file {} into the store as rule set version {}", file.current().origin(), version)));
            storeRules.get().load();
            storeRules.get().start();
        }
        upstreamClient.start();
        probeClient.start();
        // Pass 401s, redirects and interim responses through untouched, as Jetty's own ProxyHandler does.
        upstreamClient.getProtocolHandlers().clear();
        probeClient.getProtocolHandlers().clear();
        healthChecker.start();
        healthChecker.firstRound().thenRun(readiness::firstHealthRoundDone);
        if (storeRules.isEmpty()) {
            ruleSource.ifPresent(FileRuleSource::start);
        }
        readiness.rulesLoaded();
        telemetry.start();
        maintenance = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("query-tracker").daemon().factory());
        maintenance.scheduleWithFixedDelay(tracker::expireIdle, 30, 30, TimeUnit.SECONDS);
        server.start();
        history.ifPresent(recorder -> recorder.start(nodeName(port())));
        if (proxyTls != null) {
            proxyTls.start();
        }
        if (adminServer != null) {
            adminServer.start();
        }
        if (connector != null) {
            log.info("Junction listening on {} (HTTP/1.1{})", httpUri().orElseThrow(), httpConfig.http2Enabled() ? ", h2c" : "");
        }
        if (httpsConnector != null) {
            log.info("Junction listening on {} (TLS {}{})", httpsUri().orElseThrow(), String.join(", ", httpsConfig.protocols()), httpConfig.http2Enabled() ? "; HTTP/1.1, h2" : "; HTTP/1.1");
        }
        log.info("Junction started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Stops accepting requests, lets those in flight finish within the grace period, then stops everything.
     */
    public void stop()
    {
        try {
            server.stop();
        }
        catch (Exception e) {
            log.warn("Stopping the HTTP server failed", e);
        }
        if (proxyTls != null) {
            proxyTls.stop();
        }
        if (adminServer != null) {
            adminServer.stop();
        }
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        history.ifPresent(recorder -> recorder.stop(HISTORY_STOP_DEADLINE));
        storeSync.stop();
        storeRules.ifPresent(StoreRuleSource::stop);
        healthChecker.stop();
        clientAuthentication.close();
        ruleSource.ifPresent(FileRuleSource::stop);
        UpstreamClients.stopQuietly(upstreamClient);
        UpstreamClients.stopQuietly(probeClient);
        store.close();
        telemetry.close();
    }

    @Override
    public void close()
    {
        stop();
    }

    /**
     * The port of the plain HTTP listener, or of the HTTPS listener when HTTP is disabled.
     */
    public int port()
    {
        return connector != null ? connector.getLocalPort() : httpsConnector.getLocalPort();
    }

    /**
     * The plain HTTP listener's URI, or the HTTPS listener's when HTTP is disabled.
     */
    public URI uri()
    {
        return httpUri().or(this::httpsUri).orElseThrow();
    }

    public Optional<URI> httpUri()
    {
        return Optional.ofNullable(connector).map(plain -> listenerUri("http", httpConfig.host(), plain.getLocalPort()));
    }

    public Optional<URI> httpsUri()
    {
        return Optional.ofNullable(httpsConnector).map(secure -> listenerUri("https", httpsConfig.host(), secure.getLocalPort()));
    }

    /**
     * Checks the certificate files of the HTTPS listeners now instead of at the next reload interval.
     */
    public void reloadCertificates()
    {
        if (proxyTls != null) {
            proxyTls.reloadIfChanged();
        }
        if (adminServer != null) {
            adminServer.reloadCertificates();
        }
    }

    /**
     * The proxy listener as bound, HTTPS when it has one: its host stays {@code 0.0.0.0} when it
     * listens on every address (the console's links then use the host the browser came by).
     */
    private URI proxyListener()
    {
        if (httpsConnector != null) {
            return boundUri("https", httpsConfig.host(), httpsConnector.getLocalPort());
        }
        return boundUri("http", httpConfig.host(), connector.getLocalPort());
    }

    private static URI boundUri(String scheme, String host, int port)
    {
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    static URI listenerUri(String scheme, String host, int port)
    {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create(scheme + "://" + shown + ":" + port);
    }

    /**
     * The admin API's base URI, if the API is enabled.
     */
    public Optional<URI> adminUri()
    {
        return Optional.ofNullable(adminServer).map(AdminServer::uri);
    }

    /**
     * Every route of the admin API with the access it declares.
     */
    public List<ApiRoutes.Route> adminRoutes()
    {
        return adminRoutes;
    }

    /**
     * The admin listener's HTTPS URI, if admin HTTPS is enabled.
     */
    public Optional<URI> adminHttpsUri()
    {
        return Optional.ofNullable(adminServer).flatMap(AdminServer::httpsUri);
    }

    /**
     * The counters of the external routing service, when one is configured ({@code routing.external.url}).
     */
    public Optional<ExternalRoutingStats> externalRoutingStats()
    {
        return externalRoutingStats;
    }

    /**
     * Every configuration property, for the generated reference documentation.
     */
    public List<PropertyDescription> configurationProperties()
    {
        return properties;
    }

    /**
     * Waits until every configured cluster was probed once (what {@code /health/ready} reports).
     */
    public void awaitReady()
            throws Exception
    {
        healthChecker.firstRound().get(30, TimeUnit.SECONDS);
    }

    public void join()
            throws InterruptedException
    {
        server.join();
    }

    /**
     * The documents that properties point at, read and validated with them.
     */
    private record Documents(List<ClusterDefinition> seed, Optional<FileRuleSource> rules, Authentication authentication) {}

    private static Documents validate(ConfigProperties config, ClusterConfig clusterConfig, RoutingConfig routingConfig, SecurityConfig securityConfig, Clock clock)
    {
        List<String> problems = new ArrayList<>();
        try {
            config.validate();
        }
        catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        List<ClusterDefinition> seed = List.of();
        if (clusterConfig.seedFile() != null) {
            try {
                seed = ClusterSeedFile.load(clusterConfig.seedFile());
            }
            catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        Optional<FileRuleSource> rules = Optional.empty();
        if (problems.isEmpty() && routingConfig.rulesFile().isPresent()) {
            try {
                rules = Optional.of(new FileRuleSource(routingConfig.rulesFile().get(), routingConfig.rulesRefreshInterval(), new RuleSetParser()));
            }
            catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        Authentication authentication = null;
        if (problems.isEmpty()) {
            try {
                authentication = Authentication.create(securityConfig, clock);
            }
            catch (IllegalArgumentException e) {
                problems.add("security: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Documents(seed, rules, authentication);
    }

    /**
     * How history records name this node: host name and proxy port.
     */
    private static String nodeName(int port)
    {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        }
        catch (UnknownHostException e) {
            return "localhost:" + port;
        }
    }

    private static byte[] routeTokenSecret(ProxyConfig config)
    {
        if (config.routeTokenSecret().isPresent()) {
            return config.routeTokenSecret().get().getBytes(StandardCharsets.UTF_8);
        }
        log.warn("proxy.route-token.secret is not set: using a random secret, so follow-up requests only work on this node and not after a restart");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
