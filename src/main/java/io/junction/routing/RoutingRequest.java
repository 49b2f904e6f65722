package io.junction.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What is known about a new query when it is routed, built once per submission from
 * its headers (and, lazily, its SQL text). Rules and policies read it; nothing mutates it.
 *
 * @param user the session user ({@code X-Trino-User}, else the user of Basic authentication)
 * @param source {@code X-Trino-Source}
 * @param clientTags {@code X-Trino-Client-Tags}, split on commas
 * @param clientInfo {@code X-Trino-Client-Info}
 * @param catalog {@code X-Trino-Catalog}
 * @param schema {@code X-Trino-Schema}
 * @param path {@code X-Trino-Path}
 * @param sessionProperties {@code X-Trino-Session}, URL-decoded values
 * @param resourceEstimates {@code X-Trino-Resource-Estimate}, URL-decoded values
 * @param traceToken {@code X-Trino-Trace-Token}
 * @param transactionId {@code X-Trino-Transaction-Id} unless absent or {@code NONE}
 * @param routingGroupHeader {@code X-Trino-Routing-Group}
 * @param remoteAddress the client's address (after trusted-proxy processing)
 * @param headers every request header, names in lower case, repeated fields joined with commas
 * @param statement the SQL text (when read within the cap) and its facts, parsed on first use
 */
public record RoutingRequest(
        Optional<String> user,
        Optional<String> source,
        List<String> clientTags,
        Optional<String> clientInfo,
        Optional<String> catalog,
        Optional<String> schema,
        Optional<String> path,
        Map<String, String> sessionProperties,
        Map<String, String> resourceEstimates,
        Optional<String> traceToken,
        Optional<String> transactionId,
        Optional<String> routingGroupHeader,
        String remoteAddress,
        Map<String, String> headers,
        SqlStatement statement)
{
    public RoutingRequest
    {
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        clientTags = List.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(clientInfo, "clientInfo is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(path, "path is null");
        sessionProperties = Map.copyOf(requireNonNull(sessionProperties, "sessionProperties is null"));
        resourceEstimates = Map.copyOf(requireNonNull(resourceEstimates, "resourceEstimates is null"));
        requireNonNull(traceToken, "traceToken is null");
        requireNonNull(transactionId, "transactionId is null");
        requireNonNull(routingGroupHeader, "routingGroupHeader is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(statement, "statement is null");
    }

    /**
     * Builds the request from headers.
     *
     * @param headers header names in any case; values of repeated fields joined with commas
     * @param sql the SQL text if it was read whole; empty when it was larger than the cap or absent
     */
    public static RoutingRequest fromHeaders(Map<String, String> headers, String remoteAddress, Optional<String> sql, boolean sqlTruncated)
    {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b));
        Optional<String> catalog = header(lower, "x-trino-catalog");
        Optional<String> schema = header(lower, "x-trino-schema");
        return new RoutingRequest(
                header(lower, "x-trino-user").or(() -> basicUser(lower.get("authorization"))),
                header(lower, "x-trino-source"),
                header(lower, "x-trino-client-tags").map(RoutingRequest::splitList).orElse(List.of()),
                header(lower, "x-trino-client-info"),
                catalog,
                schema,
                header(lower, "x-trino-path"),
                header(lower, "x-trino-session").map(RoutingRequest::parseProperties).orElse(Map.of()),
                header(lower, "x-trino-resource-estimate").map(RoutingRequest::parseProperties).orElse(Map.of()),
                header(lower, "x-trino-trace-token"),
                header(lower, "x-trino-transaction-id").filter(id -> !id.equalsIgnoreCase("NONE")),
                header(lower, "x-trino-routing-group"),
                remoteAddress,
                lower,
                new SqlStatement(sql, sqlTruncated, catalog, schema,
                        header(lower, "x-trino-prepared-statement").map(RoutingRequest::parseProperties).orElse(Map.of())));
    }

    private static Optional<String> header(Map<String, String> headers, String name)
    {
        return Optional.ofNullable(headers.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static List<String> splitList(String value)
    {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * {@code name=value} pairs separated by commas, values URL-encoded (Trino's client protocol).
     */
    static Map<String, String> parseProperties(String value)
    {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            properties.put(decode(entry.substring(0, equals).trim()), decode(entry.substring(equals + 1).trim()));
        }
        return properties;
    }

    private static String decode(String value)
    {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static Optional<String> basicUser(String authorization)
    {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isEmpty() ? Optional.empty() : Optional.of(user);
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
