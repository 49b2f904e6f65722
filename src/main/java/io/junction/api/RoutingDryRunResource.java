package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.routing.ExternalRoutingOutcome;
import io.junction.routing.HeaderEdit;
import io.junction.routing.Router;
import io.junction.routing.RoutingDecision;
import io.junction.routing.RoutingRequest;
import io.junction.routing.SqlFacts;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /api/v1/routing/dry-run}: where would this query go, and why — without running
 * anything. The body is {@code {"headers": {"X-Trino-User": "alice", ...}, "sql": "SELECT ...",
 * "remoteAddress": "10.0.0.7"}}; the answer names the matched rules, the group, the cluster,
 * the header edits, the SQL facts (when a rule needed them), what the external routing service
 * said (when it was asked: it is asked as for a real query) and the reason.
 * <p>
 * Served only to clients connected from a loopback address until the admin API has
 * authentication (see docs/routing.md). Round-robin counters advance as for a real query.
 */
public final class RoutingDryRunResource
        extends Handler.Abstract.NonBlocking
{
    public static final String PATH = "/api/v1/routing/dry-run";
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    private final boolean loopbackOnly;

    /**
     * @param loopbackOnly answer only clients on this host: on the proxy listener, which has no
     *        guard; on the admin listener the API's guard decides once authentication is on
     */
    public RoutingDryRunResource(Router router, boolean loopbackOnly)
    {
        this.router = requireNonNull(router, "router is null");
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        if (!request.getHttpURI().getPath().equals(PATH)) {
            return false;
        }
        if (loopbackOnly && !fromLoopback(request.getConnectionMetaData().getRemoteSocketAddress())) {
            write(response, callback, 403, error("The routing dry run is served only to clients on this host (loopback) until the admin API has authentication"));
            return true;
        }
        if (!request.getMethod().equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            write(response, callback, 405, error("Use POST with a JSON body"));
            return true;
        }
        long length = request.getLength();
        if (length < 0 || length > MAX_BODY_BYTES) {
            write(response, callback, 413, error("The body needs a Content-Length of at most " + MAX_BODY_BYTES + " bytes"));
            return true;
        }
        Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((body, failure) -> {
            if (failure != null) {
                callback.failed(failure);
                return;
            }
            answer(body, response, callback);
        });
        return true;
    }

    private void answer(String body, Response response, Callback callback)
    {
        JsonNode input;
        try {
            input = JSON.readTree(body);
        }
        catch (IOException e) {
            write(response, callback, 400, error("The body is not JSON: " + e.getMessage()));
            return;
        }
        if (input == null || !input.isObject() || (input.has("headers") && !input.get("headers").isObject())) {
            write(response, callback, 400, error("Expected {\"headers\": {name: value, ...}, \"sql\": \"...\", \"remoteAddress\": \"...\"}"));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = input.path("headers").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            headers.put(field.getKey(), field.getValue().asText());
        }
        Optional<String> sql = Optional.ofNullable(input.get("sql")).filter(JsonNode::isTextual).map(JsonNode::asText);
        String remoteAddress = Optional.ofNullable(input.get("remoteAddress")).map(JsonNode::asText).orElse("127.0.0.1");
        RoutingRequest routingRequest = RoutingRequest.fromHeaders(headers, remoteAddress, sql, false);
        router.route(routingRequest, Set.of()).whenComplete((decision, failure) -> {
            if (failure != null) {
                write(response, callback, 500, error("Routing failed: " + failure));
                return;
            }
            write(response, callback, 200, describe(decision, routingRequest));
        });
    }

    static ObjectNode describe(RoutingDecision decision, RoutingRequest request)
    {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("routingGroup", decision.routingGroup());
        answer.set("matchedRules", JSON.valueToTree(decision.matchedRules()));
        switch (decision) {
            case RoutingDecision.Routed routed -> {
                answer.put("decision", "ROUTED");
                answer.put("cluster", routed.cluster().name());
                answer.put("reason", routed.reason());
                ArrayNode edits = answer.putArray("headerEdits");
                for (HeaderEdit edit : routed.headerEdits()) {
                    ObjectNode item = edits.addObject();
                    switch (edit) {
                        case HeaderEdit.SetHeader set -> item.put("set", set.name()).put("value", set.value());
                        case HeaderEdit.RemoveHeader remove -> item.put("remove", remove.name());
                    }
                }
            }
            case RoutingDecision.Rejected rejected -> {
                answer.put("decision", "REJECTED");
                answer.put("rejection", rejected.reason().name());
                answer.put("reason", rejected.message());
            }
        }
        decision.external().ifPresent(outcome -> answer.set("external", describe(outcome)));
        if (request.statement().parsed()) {
            SqlFacts facts = request.statement().facts();
            ObjectNode sql = answer.putObject("sqlFacts");
            sql.put("parsed", facts.parsed());
            facts.error().ifPresent(error -> sql.put("error", error));
            sql.put("statementType", facts.statementType());
            sql.set("catalogs", JSON.valueToTree(facts.catalogs()));
            sql.set("schemas", JSON.valueToTree(facts.schemas()));
            sql.set("tables", JSON.valueToTree(facts.tables()));
        }
        return answer;
    }

    /**
     * What the external routing service said: {@code answered} with its group, errors and
     * headers, or {@code failed} with the kind of failure; and how long it took.
     */
    private static ObjectNode describe(ExternalRoutingOutcome outcome)
    {
        ObjectNode external = JSON.createObjectNode();
        switch (outcome) {
            case ExternalRoutingOutcome.Answered answered -> {
                external.put("outcome", "answered");
                external.put("routingGroup", answered.routingGroup().orElse(null));
                external.set("errors", JSON.valueToTree(answered.errors()));
                external.set("externalHeaders", JSON.valueToTree(answered.externalHeaders()));
            }
            case ExternalRoutingOutcome.Failed failed -> {
                external.put("outcome", "failed");
                external.put("failure", failed.kind().label());
                external.put("message", failed.message());
            }
        }
        external.put("latencyMillis", outcome.latency().toNanos() / 1_000_000.0);
        return external;
    }

    private static boolean fromLoopback(SocketAddress address)
    {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
    }

    private static ObjectNode error(String message)
    {
        return JSON.createObjectNode().put("error", message);
    }

    private static void write(Response response, Callback callback, int status, ObjectNode body)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try {
            response.write(true, ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body)), callback);
        }
        catch (IOException e) {
            callback.failed(e);
        }
    }
}
