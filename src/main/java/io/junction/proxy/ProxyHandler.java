package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterTraffic;
import io.junction.history.QueryHistoryRecorder;
import io.junction.history.QueryRecord;
import io.junction.history.QueryStart;
import io.junction.routing.HeaderEdit;
import io.junction.routing.Router;
import io.junction.routing.RoutingDecision;
import io.junction.routing.RoutingRequest;
import io.junction.routing.TransactionAffinity;
import io.junction.security.ClientAuthentication;
import io.junction.security.Principal;
import io.junction.security.TrustedProxies;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The data plane's entry: classifies each request and sends it to its cluster.
 * <ul>
 * <li>Submissions are routed by the {@link Router}; a cluster that refuses the connection
 * is skipped and the next choice tried, since nothing reached it.</li>
 * <li>Requests under a route-token prefix go to the token's cluster, no lookup.</li>
 * <li>Requests naming a query id without a token use {@link QueryAffinity}.</li>
 * <li>Other Trino paths go to a cluster of the default group, sticky per browser for the UI.</li>
 * </ul>
 * Thread-safe; nothing on this path blocks.
 */
public final class ProxyHandler
        extends Handler.Abstract.NonBlocking
{
    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
    private static final String UI_ROUTE_COOKIE = "Junction-UI-Route";
    private static final Pattern KILL_QUERY = Pattern.compile(
            "kill_query\\s*\\(\\s*(?:query_id\\s*=>\\s*)?'(" + RequestClassifier.QUERY_ID.pattern() + ")'", Pattern.CASE_INSENSITIVE);

    private final ProxyContext context;
    private final RequestClassifier classifier;
    private final ClusterRegistry registry;
    private final Router router;
    private final TrustedProxies trustedProxies;
    private final ClientAuthentication clientAuthentication;

    public ProxyHandler(ProxyConfig config, org.eclipse.jetty.client.HttpClient httpClient, RouteTokenCodec tokens, ClusterRegistry registry,
            Router router, io.junction.cluster.ClusterHealthChecker health, QueryAffinity affinity, QueryTracker tracker, TrinoReplies replies,
            TrustedProxies trustedProxies, TransactionAffinity transactions, ProxyTelemetry telemetry, ClientAuthentication clientAuthentication,
            QueryHistoryRecorder history)
    {
        this.clientAuthentication = requireNonNull(clientAuthentication, "clientAuthentication is null");
        this.context = new ProxyContext(config, httpClient, tokens, tracker, affinity, health, transactions, new FailureReplies(replies, health, tracker, telemetry, history),
                telemetry, history);
        this.classifier = new RequestClassifier(config.extraPaths());
        this.registry = requireNonNull(registry, "registry is null");
        this.router = requireNonNull(router, "router is null");
        this.trustedProxies = requireNonNull(trustedProxies, "trustedProxies is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        String path = request.getHttpURI().getPath();
        ProxyTarget target = classifier.classify(request.getMethod(), path, request.getHttpURI().getQuery());
        if (target instanceof ProxyTarget.NotProxied) {
            return false;
        }
        ExternalOrigin origin = ExternalOrigin.of(request, trustedProxies);
        RequestSpan span = context.telemetry().startSpan(request, requestKind(target));
        Callback traced = span == RequestSpan.NONE ? callback : span.attach(request, response, callback);
        String trinoPath = target instanceof ProxyTarget.Tokened tokened ? tokened.path() : path;
        if (clientAuthentication.appliesTo(trinoPath)) {
            clientAuthentication.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION), origin.clientAddress()).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.error("Client authentication failed", failure);
                    context.failures().text(response, traced, GatewayError.INTERNAL, "Junction could not check the credentials");
                    return;
                }
                GatewayAuthentication.admit(request, response, traced, origin, target, result, clientAuthentication, context.failures())
                        .ifPresent(admitted -> dispatch(admitted, response, traced, origin, target, path));
            });
            return true;
        }
        dispatch(request, response, traced, origin, target, path);
        return true;
    }

    private void dispatch(Request request, Response response, Callback callback, ExternalOrigin origin, ProxyTarget target, String path)
    {
        switch (target) {
            case ProxyTarget.Submission _ -> submit(request, response, callback, origin);
            case ProxyTarget.Tokened tokened -> forwardTokened(request, response, callback, origin, tokened);
            case ProxyTarget.QueryScoped scoped -> forwardByQueryId(request, response, callback, origin, path, scoped.queryId());
            case ProxyTarget.ClusterWide _ -> forwardClusterWide(request, response, callback, origin, path);
            case ProxyTarget.NotProxied _ -> throw new IllegalStateException("handled above");
        }
    }

    private static ProxyTelemetry.RequestKind requestKind(ProxyTarget target)
    {
        return switch (target) {
            case ProxyTarget.Submission _ -> ProxyTelemetry.RequestKind.SUBMISSION;
            case ProxyTarget.Tokened _ -> ProxyTelemetry.RequestKind.FOLLOW_UP;
            case ProxyTarget.QueryScoped _ -> ProxyTelemetry.RequestKind.QUERY_SCOPED;
            case ProxyTarget.ClusterWide _, ProxyTarget.NotProxied _ -> ProxyTelemetry.RequestKind.CLUSTER_WIDE;
        };
    }

    private void submit(Request request, Response response, Callback callback, ExternalOrigin origin)
    {
        SubmissionBody.read(request, context.config().maxInspectedStatementBytes()).whenComplete((body, failure) -> {
            if (failure != null) {
                log.debug("Reading a submission failed", failure);
                callback.failed(failure);
                return;
            }
            Optional<String> killedQuery = body.sql().flatMap(ProxyHandler::killQueryTarget);
            if (killedQuery.isPresent()) {
                context.affinity().locate(killedQuery.get(), request.getHeaders()).whenComplete((cluster, lookupFailure) -> {
                    if (lookupFailure == null && cluster.isPresent()) {
                        RoutingRequest routingRequest = routingRequest(request, origin, body.sql(), !body.replayable());
                        QueryStart start = queryStart(routingRequest, body, cluster.get().definition().routingGroup(), Optional.empty(), cluster.get(),
                                new QueryRecord.Decision("kill_query of query %s goes to cluster '%s', which runs it".formatted(killedQuery.get(), cluster.get().name()), List.of()));
                        sendSubmission(request, response, callback, origin, body, cluster.get(), List.of(), new HashSet<>(), start);
                        return;
                    }
                    routeSubmission(request, response, callback, origin, body, new HashSet<>());
                });
                return;
            }
            routeSubmission(request, response, callback, origin, body, new HashSet<>());
        });
    }

    private void routeSubmission(Request request, Response response, Callback callback, ExternalOrigin origin, SubmissionBody body, Set<Cluster> excluded)
    {
        // Complete at once unless an external routing service is asked; then this continues on
        // the HTTP client's thread when it answers or its deadline passes.
        RoutingRequest routingRequest = routingRequest(request, origin, body.sql(), !body.replayable());
        router.route(routingRequest, excluded).whenComplete((decision, failure) -> {
            if (failure != null) {
                log.warn("Routing a query failed", failure);
                context.failures().text(response, callback, GatewayError.INTERNAL, "Junction failed to route the query: " + failure);
                return;
            }
            RequestSpan.of(request).routed(decision);
            switch (decision) {
                case RoutingDecision.Routed routed -> {
                    log.debug("Routing query to cluster {} of group {}: {}", routed.cluster().name(), routed.routingGroup(), routed.reason());
                    QueryStart start = queryStart(routingRequest, body, routed.routingGroup(), routed.rule(), routed.cluster(),
                            new QueryRecord.Decision(routed.reason(), routed.matchedRules()));
                    sendSubmission(request, response, callback, origin, body, routed.cluster(), routed.headerEdits(), excluded, start);
                }
                case RoutingDecision.Rejected rejected -> {
                    GatewayError error = switch (rejected.reason()) {
                        case NO_HEALTHY_CLUSTER -> GatewayError.NO_HEALTHY_CLUSTER;
                        case REJECTED_BY_RULE -> GatewayError.REJECTED_BY_RULE;
                        case REJECTED_BY_ROUTING_SERVICE -> GatewayError.REJECTED_BY_ROUTING_SERVICE;
                        case ROUTING_SERVICE_FAILED -> GatewayError.ROUTING_SERVICE_FAILED;
                    };
                    context.failures().rejectedSubmission(response, callback, origin, error, rejected.message());
                }
            }
        });
    }

    private static QueryStart queryStart(RoutingRequest routingRequest, SubmissionBody body, String group, Optional<String> rule, Cluster cluster,
            QueryRecord.Decision decision)
    {
        return new QueryStart(routingRequest.user().orElse(""), routingRequest.source(), routingRequest.clientTags(), group, rule, cluster.name(),
                body.sql().orElse(""), body.sql().isPresent(), decision);
    }

    private void sendSubmission(Request request, Response response, Callback callback, ExternalOrigin origin, SubmissionBody body, Cluster cluster,
            List<HeaderEdit> headerEdits, Set<Cluster> excluded, QueryStart start)
    {
        cluster.state().traffic().queryRouted();
        RequestSpan.of(request).forwardedTo(cluster);
        ProxyExchange exchange = new ProxyExchange(context, request, response, callback, cluster, "/v1/statement", origin,
                ProxyExchange.ReplyKind.SUBMISSION, Optional.empty(), headerEdits, Optional.of(start), failure -> {
                    if (!body.replayable() || !io.junction.cluster.ClusterHealthChecker.isConnectionRefused(failure)) {
                        return false;
                    }
                    log.info("Cluster {} refused the connection for a new query; routing it again", cluster.name());
                    cluster.state().traffic().failed(ClusterTraffic.Failure.CONNECTION_REFUSED);
                    context.health().reportProxyFailure(cluster, failure);
                    excluded.add(cluster);
                    routeSubmission(request, response, callback, origin, body, excluded);
                    return true;
                });
        exchange.send(body.content(request.getHeaders().get(HttpHeader.CONTENT_TYPE)));
    }

    private void forwardTokened(Request request, Response response, Callback callback, ExternalOrigin origin, ProxyTarget.Tokened tokened)
    {
        Optional<String> clusterName = context.tokens().decode(tokened.token());
        if (clusterName.isEmpty()) {
            context.failures().text(response, callback, GatewayError.UNKNOWN_ROUTE,
                    "Invalid route token in the request path: it was not issued by this Junction deployment (check that every node shares proxy.route-token.secret)");
            return;
        }
        Optional<Cluster> cluster = registry.snapshot().find(clusterName.get());
        if (cluster.isEmpty()) {
            context.failures().text(response, callback, GatewayError.UNKNOWN_ROUTE,
                    "The request belongs to cluster '%s', which is not configured on this Junction node".formatted(clusterName.get()));
            return;
        }
        ProxyExchange.ReplyKind kind = RequestClassifier.isStatementFollowUp(tokened.path())
                ? ProxyExchange.ReplyKind.STATEMENT_FOLLOW_UP
                : OAuth2Challenge.isTokenPoll(tokened.path()) ? ProxyExchange.ReplyKind.TOKEN_POLL : ProxyExchange.ReplyKind.OTHER;
        if (isUi(tokened.path())) {
            // A UI page opened from an infoUri: its later /ui requests stay on the same cluster.
            setUiRouteCookie(response, tokened.token());
        }
        forward(request, response, callback, origin, cluster.get(), tokened.path(), kind, tokened.queryId());
    }

    private void forwardByQueryId(Request request, Response response, Callback callback, ExternalOrigin origin, String path, String queryId)
    {
        context.affinity().locate(queryId, request.getHeaders()).whenComplete((cluster, failure) -> {
            if (failure != null || cluster.isEmpty()) {
                context.failures().text(response, callback, GatewayError.UNKNOWN_QUERY,
                        "Query %s is not known to any cluster behind Junction".formatted(queryId));
                return;
            }
            ProxyExchange.ReplyKind kind = RequestClassifier.isStatementFollowUp(path) ? ProxyExchange.ReplyKind.STATEMENT_FOLLOW_UP : ProxyExchange.ReplyKind.OTHER;
            forward(request, response, callback, origin, cluster.get(), path, kind, Optional.of(queryId));
        });
    }

    private void forwardClusterWide(Request request, Response response, Callback callback, ExternalOrigin origin, String path)
    {
        boolean ui = isUi(path);
        Optional<Cluster> sticky = ui ? uiRouteCookie(request) : Optional.empty();
        if (sticky.isPresent()) {
            forward(request, response, callback, origin, sticky.get(), path, ProxyExchange.ReplyKind.OTHER, Optional.empty());
            return;
        }
        RoutingDecision decision = router.routeWithoutRules(routingRequest(request, origin, Optional.empty(), false));
        RequestSpan.of(request).routed(decision);
        switch (decision) {
            case RoutingDecision.Routed routed -> {
                if (ui) {
                    setUiRouteCookie(response, context.tokens().encode(routed.cluster().name()));
                }
                forward(request, response, callback, origin, routed.cluster(), path, ProxyExchange.ReplyKind.OTHER, Optional.empty());
            }
            case RoutingDecision.Rejected rejected -> context.failures().text(response, callback, GatewayError.UPSTREAM_UNAVAILABLE, rejected.message());
        }
    }

    private void forward(Request request, Response response, Callback callback, ExternalOrigin origin, Cluster cluster, String path,
            ProxyExchange.ReplyKind kind, Optional<String> queryId)
    {
        RequestSpan.of(request).forwardedTo(cluster);
        if (cluster.isUnreachable()) {
            cluster.state().traffic().failed(ClusterTraffic.Failure.CLUSTER_GONE);
            context.failures().clusterGone(request, response, callback, cluster, origin, kind, queryId);
            return;
        }
        ProxyExchange exchange = new ProxyExchange(context, request, response, callback, cluster, path, origin, kind, queryId, List.of(), Optional.empty(), _ -> false);
        exchange.send(hasBody(request) ? new ClientRequestContent(request) : null);
    }

    private static boolean isUi(String path)
    {
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    private static void setUiRouteCookie(Response response, String token)
    {
        Response.addCookie(response, HttpCookie.build(UI_ROUTE_COOKIE, token)
                .path("/")
                .httpOnly(true)
                .sameSite(HttpCookie.SameSite.LAX)
                .build());
    }

    private Optional<Cluster> uiRouteCookie(Request request)
    {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(UI_ROUTE_COOKIE)) {
                return context.tokens().decode(cookie.getValue())
                        .flatMap(name -> registry.snapshot().find(name))
                        .filter(Cluster::acceptsNewQueries);
            }
        }
        return Optional.empty();
    }

    private static RoutingRequest routingRequest(Request request, ExternalOrigin origin, Optional<String> sql, boolean sqlTruncated)
    {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, second) -> first + "," + second);
        }
        if (request.getAttribute(ClientAuthentication.PRINCIPAL_ATTRIBUTE) instanceof Principal principal) {
            // the rules see the authenticated user, whatever the client claims
            headers.put("x-trino-user", principal.name());
        }
        return RoutingRequest.fromHeaders(headers, origin.clientAddress(), sql, sqlTruncated);
    }

    static Optional<String> killQueryTarget(String sql)
    {
        Matcher matcher = KILL_QUERY.matcher(sql);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static boolean hasBody(Request request)
    {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
                || (request.getLength() < 0 && request.getHeaders().contains(HttpHeader.CONTENT_TYPE));
    }
}
