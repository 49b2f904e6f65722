package io.junction.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.junction.routing.RuleAdministration;
import io.junction.routing.RuleDocuments;
import io.junction.routing.RuleProblem;
import io.junction.routing.RuleSet;
import io.junction.routing.RuleSource;
import io.junction.routing.RuleVersion;
import io.junction.routing.StoreRuleSource;
import io.junction.security.Access;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/rules}: the routing rules in force (from this node's memory, so reads work
 * while the store is down), their versions in the store, and changes: the whole set, one rule,
 * a rollback. Every change writes a new version after compiling the whole set; an invalid set
 * is answered 400 with every problem and nothing changes. With {@code routing.rules-source=file}
 * the rules are read-only here (409).
 */
public final class RuleResource
{
    private static final int DEFAULT_VERSION_LIMIT = 100;
    private static final int MAX_VERSION_LIMIT = 1000;

    private final ApiJson json;
    private final RuleSource inForce;
    private final Optional<StoreRuleSource> storeSource;
    private final RuleAdministration administration;

    /**
     * @param storeSource the source in force when rules come from the store; empty when they come from a file
     */
    public RuleResource(ApiJson json, RuleSource inForce, Optional<StoreRuleSource> storeSource, RuleAdministration administration)
    {
        this.json = requireNonNull(json, "json is null");
        this.inForce = requireNonNull(inForce, "inForce is null");
        this.storeSource = requireNonNull(storeSource, "storeSource is null");
        this.administration = requireNonNull(administration, "administration is null");
    }

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/rules", request -> ApiResponse.ok(rulesInForce()))
                .json(Access.OPERATOR, "PUT", "/api/v1/rules", this::replaceAll)
                .json(Access.OPERATOR, "POST", "/api/v1/rules", request -> {
                    long version = administration.create(editable(readObject(request.body())), request.queryParameter("comment"), request.actor());
                    return new ApiResponse.Json(201, Map.of("version", version));
                })
                .json(Access.VIEWER, "POST", "/api/v1/rules/validate", this::validate)
                .json(Access.VIEWER, "GET", "/api/v1/rules/versions", this::versions)
                .json(Access.VIEWER, "GET", "/api/v1/rules/versions/{version}", request -> {
                    long number = version(request.pathVariable("version"), "the version in the path");
                    RuleVersion version = administration.find(number).orElseThrow(() -> ApiException.notFound("rule set version " + number + " does not exist"));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("version", version.version());
                    answer.put("createdAt", version.createdAt());
                    answer.put("createdBy", version.createdBy());
                    answer.put("comment", version.comment());
                    answer.put("rules", RuleDocuments.read(version.rulesJson()));
                    return ApiResponse.ok(answer);
                })
                .json(Access.OPERATOR, "POST", "/api/v1/rules/rollback", this::rollback)
                .json(Access.OPERATOR, "PUT", "/api/v1/rules/{name}", request -> {
                    long version = administration.replace(request.pathVariable("name"), editable(readObject(request.body())), request.queryParameter("comment"), request.actor());
                    return ApiResponse.ok(Map.of("version", version));
                })
                .json(Access.OPERATOR, "DELETE", "/api/v1/rules/{name}", request -> {
                    editable(null);
                    long version = administration.delete(request.pathVariable("name"), request.queryParameter("comment"), request.actor());
                    return ApiResponse.ok(Map.of("version", version));
                });
    }

    /**
     * @param version the store's version in force; null for a file, or before the first version
     * @param refusedVersion the newest version in the store when it does not compile here (an older one is in force)
     */
    public record RulesView(
            String source,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long version,
            boolean editable,
            String origin,
            JsonNode rules,
            Optional<Long> refusedVersion,
            Optional<List<Map<String, String>>> refusedProblems) {}

    public record VersionPage(List<RuleVersion.Summary> versions, @JsonInclude(JsonInclude.Include.ALWAYS) Long nextBefore) {}

    private RulesView rulesInForce()
    {
        RuleSet current = inForce.current();
        Optional<StoreRuleSource.Refused> refused = storeSource.flatMap(StoreRuleSource::refused);
        return new RulesView(
                storeSource.isPresent() ? "store" : "file",
                storeSource.filter(source -> source.version().isPresent()).map(source -> source.version().getAsLong()).orElse(null),
                storeSource.isPresent(),
                current.origin(),
                RuleDocuments.toJson(current.rules()),
                refused.map(StoreRuleSource.Refused::version),
                refused.map(value -> value.problems().stream().map(ApiHandler::problemJson).toList()));
    }

    private ApiResponse replaceAll(ApiRequest request)
    {
        JsonNode body = readObject(request.body());
        editable(body);
        onlyFields(body, Set.of("rules", "comment"));
        if (!body.has("rules")) {
            throw ApiException.badRequest("'rules' is required: the whole rule set, a list of rules");
        }
        long version = administration.replaceAll(body.get("rules"), text(body, "comment"), request.actor());
        return ApiResponse.ok(Map.of("version", version));
    }

    private ApiResponse validate(ApiRequest request)
    {
        JsonNode body = readObject(request.body());
        onlyFields(body, Set.of("rules", "condition"));
        List<RuleProblem> problems;
        if (body.has("rules")) {
            problems = administration.documents().validate(body.get("rules"));
        }
        else if (body.has("condition")) {
            if (!body.get("condition").isTextual()) {
                throw ApiException.badRequest("'condition' must be a string");
            }
            problems = administration.documents().validateCondition(body.get("condition").asText());
        }
        else {
            throw ApiException.badRequest("expected {\"rules\": [...]} or {\"condition\": \"<CEL>\"}");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", problems.isEmpty());
        answer.put("errors", problems.stream().map(ApiHandler::problemJson).toList());
        return ApiResponse.ok(answer);
    }

    private ApiResponse versions(ApiRequest request)
    {
        Optional<Long> before = request.queryParameter("before").map(text -> version(text, "query parameter 'before'"));
        int limit = request.intQueryParameter("limit", 1, MAX_VERSION_LIMIT).orElse(DEFAULT_VERSION_LIMIT);
        List<RuleVersion.Summary> versions = administration.list(before, limit);
        return ApiResponse.ok(new VersionPage(versions, versions.size() == limit ? versions.getLast().version() : null));
    }

    private ApiResponse rollback(ApiRequest request)
    {
        JsonNode body = readObject(request.body());
        editable(body);
        onlyFields(body, Set.of("version", "comment"));
        JsonNode version = body.path("version");
        if (!version.canConvertToLong() || !version.isIntegralNumber()) {
            throw ApiException.badRequest("'version' is required: the number of the version to roll back to");
        }
        long created = administration.rollback(version.asLong(), text(body, "comment"), request.actor());
        return ApiResponse.ok(Map.of("version", created));
    }

    /**
     * @throws ApiException 409 when the rules come from a file
     */
    private JsonNode editable(JsonNode body)
    {
        if (storeSource.isEmpty()) {
            throw new ApiException(409, "the routing rules come from routing.rules-file (routing.rules-source=file) and cannot be changed through the API; "
                    + "edit the file, or set routing.rules-source=store");
        }
        return body;
    }

    private JsonNode readObject(String body)
    {
        if (body.isBlank()) {
            throw ApiException.badRequest("a JSON request body is required");
        }
        try {
            JsonNode node = json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return node;
        }
        catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static void onlyFields(JsonNode body, Set<String> known)
    {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown field '%s' (known fields: %s)".formatted(name, known.stream().sorted().toList()));
            }
        }
    }

    private static Optional<String> text(JsonNode body, String field)
    {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string");
        }
        return Optional.of(value.asText()).filter(text -> !text.isBlank());
    }

    private static long version(String text, String what)
    {
        try {
            return Long.parseLong(text);
        }
        catch (NumberFormatException e) {
            throw ApiException.badRequest(what + " must be a version number: " + text);
        }
    }
}
