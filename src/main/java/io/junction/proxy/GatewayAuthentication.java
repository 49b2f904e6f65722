package io.junction.proxy;

import io.junction.security.Authentication;
import io.junction.security.ClientAuthentication;
import io.junction.security.Principal;
import io.junction.security.SecurityConfig;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;
import java.util.Optional;

/**
 * What the proxy does with the outcome of client authentication (docs/security.md): an
 * authenticated client goes on, marked with its principal for the routing rules; a client
 * without valid credentials gets Trino's answer, 401 with {@code WWW-Authenticate}; a client
 * whose {@code X-Trino-User} names someone else is refused (a failed query for a submission,
 * 403 otherwise) or has the header replaced, as configured.
 */
final class GatewayAuthentication
{
    private static final String TRINO_USER = "X-Trino-User";
    private static final long MAX_DRAINED_BODY_BYTES = 1024 * 1024;

    private GatewayAuthentication() {}

    /**
     * @return the request to proxy, or empty when an answer was already written
     */
    static Optional<Request> admit(Request request, Response response, Callback callback, ExternalOrigin origin, ProxyTarget target,
            Authentication.Result result, ClientAuthentication authentication, FailureReplies failures)
    {
        switch (result) {
            case Authentication.Result.Authenticated(Principal principal) -> {
                return checkUser(request, response, callback, origin, target, principal, authentication.userMismatch(), failures);
            }
            case Authentication.Result.Anonymous() -> afterBody(request, () -> failures.unauthenticated(response, callback, authentication.challenges(),
                    "Junction requires Trino clients to authenticate (user and password, or an access token)"));
            case Authentication.Result.Refused(String message) -> afterBody(request, () ->
                    failures.unauthenticated(response, callback, authentication.challenges(), "Junction refused the credentials: " + message));
            case Authentication.Result.Throttled(Duration retryAfter) -> afterBody(request, () -> failures.tooManyLogins(response, callback, retryAfter));
            case Authentication.Result.Unavailable(String message) -> afterBody(request, () -> failures.text(response, callback, GatewayError.UPSTREAM_UNAVAILABLE,
                    "Junction cannot check credentials now: " + message));
        }
        return Optional.empty();
    }

    /**
     * Answers once the (small) request body is read and dropped: an answer to a request whose
     * body is still arriving makes the server reset the HTTP/2 stream, and some clients then
     * report the reset instead of the answer. A body larger than the cap is not waited for.
     */
    private static void afterBody(Request request, Runnable answer)
    {
        long length = request.getLength();
        if (length == 0 || length > MAX_DRAINED_BODY_BYTES) {
            answer.run();
            return;
        }
        Content.Source.consumeAll(request, Callback.from(answer, _ -> answer.run()));
    }

    private static Optional<Request> checkUser(Request request, Response response, Callback callback, ExternalOrigin origin, ProxyTarget target,
            Principal principal, SecurityConfig.UserMismatch mismatch, FailureReplies failures)
    {
        request.setAttribute(ClientAuthentication.PRINCIPAL_ATTRIBUTE, principal);
        String claimed = request.getHeaders().get(TRINO_USER);
        if (claimed == null || claimed.equals(principal.name())) {
            return Optional.of(request);
        }
        return switch (mismatch) {
            case REJECT -> {
                String message = "User '%s' is authenticated, but the request is for user '%s' (X-Trino-User); Junction does not allow acting as another user"
                        .formatted(principal.name(), claimed);
                if (target instanceof ProxyTarget.Submission) {
                    afterBody(request, () -> failures.rejectedSubmission(response, callback, origin, GatewayError.USER_MISMATCH, message));
                }
                else {
                    afterBody(request, () -> failures.text(response, callback, GatewayError.FORBIDDEN, message));
                }
                yield Optional.empty();
            }
            case OVERRIDE -> {
                HttpFields headers = HttpFields.build(request.getHeaders()).put(TRINO_USER, principal.name()).asImmutable();
                yield Optional.of(new Request.Wrapper(request)
                {
                    @Override
                    public HttpFields getHeaders()
                    {
                        return headers;
                    }
                });
            }
        };
    }
}
