package io.junction.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One API call, read whole (bodies are small and capped): the path variables of the
 * matched route, the query parameters, the body, and who made the call.
 *
 * @param actor who the audit log names: the {@code X-Junction-User} header (until
 *        authentication arrives, it is taken on trust) and the remote address
 */
public record ApiRequest(String method, String path, Map<String, String> pathVariables, Map<String, List<String>> query, String body, String actor)
{
    public ApiRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        pathVariables = Map.copyOf(pathVariables);
        query = Map.copyOf(query);
        requireNonNull(body, "body is null");
        requireNonNull(actor, "actor is null");
    }

    public String pathVariable(String name)
    {
        return requireNonNull(pathVariables.get(name), () -> "no path variable " + name);
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
