package io.junction.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * Optional authentication of Trino clients on the proxy port, so that routing on the user
 * cannot be spoofed with a bare {@code X-Trino-User}: a client must send {@code Basic}
 * credentials (password file, LDAP) or a {@code Bearer} JWT, the authenticated user is what
 * routing rules see, and an {@code X-Trino-User} that names someone else is refused or
 * replaced ({@link SecurityConfig.UserMismatch}). The credentials still reach Trino unchanged.
 * <p>
 * Trino's own public and browser paths ({@code /v1/info}, {@code /ui/}, {@code /oauth2/})
 * pass without it: Trino authenticates those itself.
 * <p>
 * The data plane never blocks: a credential checked before (cached) answers at once; any
 * other check (bcrypt, LDAP bind, JWKS fetch) runs on a virtual thread and completes the
 * returned future. Thread-safe.
 */
public final class ClientAuthentication
        implements AutoCloseable
{
    /** Request attribute holding the {@link Principal} of an authenticated client. */
    public static final String PRINCIPAL_ATTRIBUTE = "io.junction.security.principal";

    private final Optional<Authentication> authentication;
    private final SecurityConfig.UserMismatch userMismatch;
    private final ExecutorService checks;

    private ClientAuthentication(Optional<Authentication> authentication, SecurityConfig.UserMismatch userMismatch)
    {
        this.authentication = requireNonNull(authentication, "authentication is null");
        this.userMismatch = requireNonNull(userMismatch, "userMismatch is null");
        this.checks = authentication.isPresent() ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("client-authentication-", 0).factory()) : null;
    }

    public static ClientAuthentication disabled()
    {
        return new ClientAuthentication(Optional.empty(), SecurityConfig.UserMismatch.REJECT);
    }

    public static ClientAuthentication create(Authentication authentication, SecurityConfig.ClientAuthenticationConfig config)
    {
        if (!config.enabled()) {
            return disabled();
        }
        return new ClientAuthentication(Optional.of(authentication), config.userMismatch());
    }

    public boolean enabled()
    {
        return authentication.isPresent();
    }

    public SecurityConfig.UserMismatch userMismatch()
    {
        return userMismatch;
    }

    /**
     * Whether a request for this Trino path (without any route-token prefix) must authenticate.
     */
    public boolean appliesTo(String path)
    {
        if (authentication.isEmpty()) {
            return false;
        }
        return !(path.equals("/v1/info") || path.startsWith("/v1/info/") || path.equals("/ui") || path.startsWith("/ui/") || path.startsWith("/oauth2/"));
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     */
    public CompletableFuture<Authentication.Result> authenticate(String authorization, String address)
    {
        Authentication checker = authentication.orElseThrow(() -> new IllegalStateException("client authentication is disabled"));
        if (authorization == null || authorization.isBlank()) {
            return CompletableFuture.completedFuture(new Authentication.Result.Anonymous());
        }
        Optional<Principal> cached = checker.findCached(authorization);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(new Authentication.Result.Authenticated(cached.get()));
        }
        return CompletableFuture.supplyAsync(() -> checker.authenticate(authorization, address), checks);
    }

    /**
     * The {@code WWW-Authenticate} challenges of a 401, as Trino sends them.
     */
    public List<String> challenges()
    {
        List<String> challenges = new ArrayList<>();
        authentication.ifPresent(checker -> {
            if (checker.acceptsPasswords()) {
                challenges.add("Basic realm=\"Junction\"");
            }
            if (checker.acceptsBearerTokens()) {
                challenges.add("Bearer realm=\"Junction\"");
            }
        });
        return List.copyOf(challenges);
    }

    @Override
    public void close()
    {
        if (checks != null) {
            checks.shutdownNow();
        }
    }
}
