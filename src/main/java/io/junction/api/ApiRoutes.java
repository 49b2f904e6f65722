package io.junction.api;

import io.junction.security.Access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The API's routing table: method and path template ({@code /api/v1/clusters/{name}}) to
 * the code that answers. Matching is by segments; a variable matches one non-empty segment.
 * <p>
 * Every route declares its {@link Access} (public, viewer, operator, admin) when it is
 * registered: there is no way to add a route without deciding who may call it.
 */
public final class ApiRoutes
{
    /**
     * How refusals and failures of a route are written: JSON {@code {"error": ...}} for
     * Junction's API, plain text for trino-gateway's endpoints (as trino-gateway answers).
     */
    public enum ErrorStyle
    {
        JSON,
        TEXT
    }

    @FunctionalInterface
    public interface Endpoint
    {
        ApiResponse handle(ApiRequest request);
    }

    public record Route(Access access, String method, List<String> template, ErrorStyle errorStyle, Endpoint endpoint)
    {
        public Route
        {
            requireNonNull(access, "access is null");
            requireNonNull(method, "method is null");
            template = List.copyOf(template);
            requireNonNull(errorStyle, "errorStyle is null");
            requireNonNull(endpoint, "endpoint is null");
        }

        Optional<Map<String, String>> match(List<String> segments)
        {
            if (segments.size() != template.size()) {
                return Optional.empty();
            }
            Map<String, String> variables = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String expected = template.get(i);
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    variables.put(expected.substring(1, expected.length() - 1), segments.get(i));
                }
                else if (!expected.equals(segments.get(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(variables);
        }

        /**
         * The path template as registered, e.g. {@code /api/v1/clusters/{name}}.
         */
        public String path()
        {
            return "/" + String.join("/", template);
        }
    }

    /**
     * A route that matched the path, or the methods the path allows.
     */
    public sealed interface Match
    {
        record Found(Route route, Map<String, String> variables)
                implements Match {}

        record WrongMethod(List<String> allowed, ErrorStyle errorStyle)
                implements Match {}

        record NotFound()
                implements Match {}
    }

    private final List<Route> routes = new ArrayList<>();

    public ApiRoutes add(Access access, String method, String template, ErrorStyle errorStyle, Endpoint endpoint)
    {
        routes.add(new Route(access, method, segments(template), errorStyle, endpoint));
        return this;
    }

    public ApiRoutes json(Access access, String method, String template, Endpoint endpoint)
    {
        return add(access, method, template, ErrorStyle.JSON, endpoint);
    }

    public ApiRoutes text(Access access, String method, String template, Endpoint endpoint)
    {
        return add(access, method, template, ErrorStyle.TEXT, endpoint);
    }

    /**
     * Every registered route, in registration order.
     */
    public List<Route> routes()
    {
        return List.copyOf(routes);
    }

    public Match match(String method, String path)
    {
        List<String> segments = segments(path);
        List<String> allowed = new ArrayList<>();
        ErrorStyle style = ErrorStyle.JSON;
        for (Route route : routes) {
            Optional<Map<String, String>> variables = route.match(segments);
            if (variables.isEmpty()) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match.Found(route, variables.get());
            }
            allowed.add(route.method());
            style = route.errorStyle();
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.WrongMethod(List.copyOf(allowed), style);
    }

    private static List<String> segments(String path)
    {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
