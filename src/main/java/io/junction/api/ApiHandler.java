package io.junction.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.cluster.FleetChangeException;
import io.junction.routing.InvalidRulesException;
import io.junction.routing.RuleProblem;
import io.junction.security.Authentication;
import io.junction.security.Principal;
import io.junction.store.StoreUnavailableException;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Serves the admin API on its own listener: matches the route, lets {@link ApiGuard} decide
 * whether the caller may call it, reads the (capped) body, calls the endpoint and writes its
 * answer. Failures are mapped here, in one place:
 * refusals to 4xx with a message, an unreachable store to 503, anything else to 500.
 * <p>
 * Blocking: endpoints use the store. It runs on the admin listener's own threads, never
 * on the data plane's.
 */
public final class ApiHandler
        extends Handler.Abstract
{
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final ApiRoutes routes;
    private final ObjectMapper mapper;
    private final int maxRequestBytes;
    private final ApiGuard guard;

    public ApiHandler(ApiRoutes routes, ObjectMapper mapper, int maxRequestBytes, Authentication authentication)
    {
        this.routes = requireNonNull(routes, "routes is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.maxRequestBytes = maxRequestBytes;
        this.guard = new ApiGuard(authentication);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        String path = Request.getPathInContext(request);
        ApiRoutes.Match match = routes.match(request.getMethod(), path);
        switch (match) {
            case ApiRoutes.Match.NotFound() -> {
                return false;
            }
            case ApiRoutes.Match.WrongMethod(List<String> allowed, ApiRoutes.ErrorStyle style) -> {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                write(response, callback, error(style, 405, "method " + request.getMethod() + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed)));
                return true;
            }
            case ApiRoutes.Match.Found(ApiRoutes.Route route, Map<String, String> variables) -> {
                write(response, callback, call(request, path, route, variables));
                return true;
            }
        }
    }

    private ApiResponse call(Request request, String path, ApiRoutes.Route route, Map<String, String> variables)
    {
        try {
            Map<String, String> cookies = cookies(request);
            // read (and cap) the body first, also for calls that are refused: answering while the
            // body is still arriving resets HTTP/2 streams, and some clients lose the answer
            String body = readBody(request);
            ApiRequest apiRequest;
            switch (guard.check(request, route, cookies)) {
                case ApiGuard.Decision.Refused(int status, String message, List<Map.Entry<String, String>> headers) -> {
                    log.debug("{} {} refused ({}): {}", request.getMethod(), path, status, message);
                    return new ApiResponse.WithHeaders(error(route.errorStyle(), status, message), headers);
                }
                case ApiGuard.Decision.Allowed(Optional<Principal> principal, String actor) -> apiRequest = new ApiRequest(request.getMethod(), path, variables,
                        query(request), body, actor, principal, headers(request), cookies, Request.getRemoteAddr(request), request.isSecure());
            }
            return route.endpoint().handle(apiRequest);
        }
        catch (ApiException e) {
            return error(route.errorStyle(), e.status(), e.getMessage());
        }
        catch (InvalidRulesException e) {
            return new ApiResponse.Json(400, invalidRules(e));
        }
        catch (FleetChangeException e) {
            return error(route.errorStyle(), switch (e.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            }, e.getMessage());
        }
        catch (StoreUnavailableException e) {
            log.warn("{} {}: {}", request.getMethod(), path, e.getMessage());
            return error(route.errorStyle(), 503, e.getMessage() + "; the change was not made, try again later");
        }
        catch (IllegalArgumentException e) {
            return error(route.errorStyle(), 400, e.getMessage());
        }
        catch (RuntimeException e) {
            log.error("{} {} failed", request.getMethod(), path, e);
            return error(route.errorStyle(), 500, "internal error: " + e);
        }
    }

    private String readBody(Request request)
    {
        long declared = request.getLength();
        if (declared > maxRequestBytes) {
            throw new ApiException(413, "request body of " + declared + " bytes is larger than admin.max-request-size (" + maxRequestBytes + " bytes)");
        }
        try (InputStream input = Content.Source.asInputStream(request)) {
            byte[] body = input.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                throw new ApiException(413, "request body is larger than admin.max-request-size (" + maxRequestBytes + " bytes)");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private static Map<String, List<String>> query(Request request)
    {
        Map<String, List<String>> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            query.put(field.getName(), new ArrayList<>(field.getValues()));
        }
        return query;
    }

    private static Map<String, String> headers(Request request)
    {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, second) -> first + ", " + second);
        }
        return headers;
    }

    private static Map<String, String> cookies(Request request)
    {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (HttpCookie cookie : Request.getCookies(request)) {
            cookies.putIfAbsent(cookie.getName(), cookie.getValue());
        }
        return cookies;
    }

    /**
     * {@code {"error": "...", "errors": [{"rule": "name", "message": "..."}]}}: every problem, each naming its rule when it has one.
     */
    static Map<String, Object> invalidRules(InvalidRulesException e)
    {
        List<Map<String, String>> errors = new ArrayList<>();
        for (RuleProblem problem : e.problems()) {
            errors.add(problemJson(problem));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("errors", errors);
        return body;
    }

    static Map<String, String> problemJson(RuleProblem problem)
    {
        Map<String, String> error = new LinkedHashMap<>();
        problem.rule().ifPresent(rule -> error.put("rule", rule));
        error.put("message", problem.message());
        return error;
    }

    private static ApiResponse error(ApiRoutes.ErrorStyle style, int status, String message)
    {
        return switch (style) {
            case JSON -> new ApiResponse.Json(status, Map.of("error", message));
            case TEXT -> new ApiResponse.Text(status, "text/plain;charset=utf-8", message);
        };
    }

    private void write(Response response, Callback callback, ApiResponse answer)
    {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (answer) {
            case ApiResponse.WithHeaders(ApiResponse inner, List<Map.Entry<String, String>> headers) -> {
                for (Map.Entry<String, String> header : headers) {
                    response.getHeaders().add(header.getKey(), header.getValue());
                }
                write(response, callback, inner);
            }
            case ApiResponse.Json(int ignored, Object value) -> {
                byte[] body;
                try {
                    body = mapper.writeValueAsBytes(value);
                }
                catch (JsonProcessingException e) {
                    log.error("Cannot serialise an API answer", e);
                    response.setStatus(500);
                    body = "{\"error\":\"internal error: cannot serialise the answer\"}".getBytes(StandardCharsets.UTF_8);
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
            }
            case ApiResponse.Text(int ignored, String contentType, String text) -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
            }
            case ApiResponse.Empty(int ignored) -> response.write(true, null, callback);
        }
    }
}
