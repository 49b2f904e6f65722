package io.junction.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The body of a call to the external routing service: trino-gateway's
 * {@code RoutingGroupExternalBody}, so that services written for trino-gateway keep working.
 * {@code trinoRequestUser} is always sent; {@code trinoQueryProperties} only with
 * {@code routing.external.sql-facts}. The servlet-only fields ({@code remoteUser},
 * {@code session}, {@code queryString}) are null and {@code parameters} is empty, as
 * trino-gateway sends them for a statement submission.
 */
final class ExternalRoutingRequestBody
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalRoutingRequestBody() {}

    static byte[] of(RoutingRequest request, boolean sqlFacts)
    {
        ObjectNode body = JSON.createObjectNode();
        if (sqlFacts) {
            body.set("trinoQueryProperties", queryProperties(request));
        }
        else {
            body.putNull("trinoQueryProperties");
        }
        ObjectNode user = body.putObject("trinoRequestUser");
        user.put("user", request.user().orElse(null));
        user.putNull("userInfo");
        body.put("contentType", "application/json");
        body.putNull("remoteUser");
        body.put("method", "POST");
        body.put("requestURI", "/v1/statement");
        body.putNull("queryString");
        body.putNull("session");
        body.put("remoteAddr", request.remoteAddress());
        body.put("remoteHost", request.remoteAddress());
        body.putObject("parameters");
        try {
            return JSON.writeValueAsBytes(body);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the routing service's request body", e);
        }
    }

    /**
     * trino-gateway's {@code TrinoQueryProperties}: {@code schemas} are bare schema names,
     * {@code catalogSchemas} the {@code catalog.schema} pairs.
     */
    private static ObjectNode queryProperties(RoutingRequest request)
    {
        SqlFacts facts = request.statement().facts();
        ObjectNode properties = JSON.createObjectNode();
        properties.put("body", request.statement().text().orElse(""));
        properties.put("queryType", facts.statementClass());
        properties.put("resourceGroupQueryType", facts.statementType());
        array(properties.putArray("tables"), facts.tables());
        properties.put("defaultCatalog", request.catalog().orElse(null));
        properties.put("defaultSchema", request.schema().orElse(null));
        array(properties.putArray("catalogs"), facts.catalogs());
        Set<String> schemas = new TreeSet<>();
        Set<String> catalogSchemas = new TreeSet<>();
        for (String schema : facts.schemas()) {
            schemas.add(schema.substring(schema.lastIndexOf('.') + 1));
            if (schema.indexOf('.') > 0) {
                catalogSchemas.add(schema);
            }
        }
        array(properties.putArray("schemas"), schemas);
        array(properties.putArray("catalogSchemas"), catalogSchemas);
        properties.put("isNewQuerySubmission", true);
        properties.put("isQueryParsingSuccessful", facts.parsed());
        properties.put("errorMessage", facts.error().orElse(null));
        return properties;
    }

    private static void array(ArrayNode array, Iterable<String> values)
    {
        values.forEach(array::add);
    }
}
