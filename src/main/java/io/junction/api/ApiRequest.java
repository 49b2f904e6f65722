package io.junction.api;

import io.junction.security.Principal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One API call, read whole (bodies are small and capped): the path variables of the
 * matched route, the query parameters, the body, and who made the call.
 *
 * @param actor who the audit log names: the authenticated user and the remote address (when
 *        authentication is not configured, the {@code X-Junction-User} header, taken on trust
 *        on the loopback-only API)
 * @param principal the authenticated caller; empty for an anonymous call of a public route
 * @param headers request headers by lower-case name (repeated headers joined with {@code ", "})
 * @param cookies request cookies by name
 * @param clientAddress the caller's address
 * @param secure whether the call came over HTTPS
 */
public record ApiRequest(String method, String path, Map<String, String> pathVariables, Map<String, List<String>> query, String body, String actor,
        Optional<Principal> principal, Map<String, String> headers, Map<String, String> cookies, String clientAddress, boolean secure)
{
    public ApiRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        pathVariables = Map.copyOf(pathVariables);
        query = Map.copyOf(query);
        requireNonNull(body, "body is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(principal, "principal is null");
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
        requireNonNull(clientAddress, "clientAddress is null");
    }

    /**
     * A call without identity details (for tests of a resource on its own).
     */
    public ApiRequest(String method, String path, Map<String, String> pathVariables, Map<String, List<String>> query, String body, String actor)
    {
        this(method, path, pathVariables, query, body, actor, Optional.empty(), Map.of(), Map.of(), "127.0.0.1", false);
    }

    public String pathVariable(String name)
    {
        return requireNonNull(pathVariables.get(name), () -> "no path variable " + name);
    }

    public Optional<String> header(String name)
    {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> cookie(String name)
    {
        return Optional.ofNullable(cookies.get(name));
    }

    public Optional<String> queryParameter(String name)
    {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Optional<Integer> intQueryParameter(String name, int min, int max)
    {
        Optional<String> text = queryParameter(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw ApiException.badRequest("query parameter '%s' must be between %d and %d: %s".formatted(name, min, max, text.get()));
            }
            return Optional.of(value);
        }
        catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '%s' must be an integer: %s".formatted(name, text.get()));
        }
    }
}
