package io.junction.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Every configured way to authenticate, in one place, for the admin API and the gateway:
 * passwords (a password file and/or LDAP, tried in that order), bearer tokens (JWT), console
 * logins (password or OIDC) with sessions, roles mapped from users and groups, the login
 * rate limit, and the cache of successful credential checks.
 * <p>
 * When nothing is configured, {@link #enabled()} is false: the admin API is then served on
 * loopback only and every caller is an administrator. Thread-safe; the methods that check
 * a password or token may block (LDAP, JWKS), except {@link #findCached}.
 */
public final class Authentication
{
    private static final Logger log = LoggerFactory.getLogger(Authentication.class);

    private final List<PasswordAuthenticator> passwordAuthenticators;
    private final Optional<JwtAuthenticator> jwt;
    private final Optional<OidcLogin> oidc;
    private final RoleMapping roles;
    private final LoginThrottle throttle;
    private final CredentialCache cache;
    private final SessionCodec sessions;
    private final boolean secureCookies;
    private final SecurityConfig.SameSite sameSite;

    /**
     * The outcome of checking credentials.
     */
    public sealed interface Result
    {
        /** The credentials are valid. */
        record Authenticated(Principal principal)
                implements Result {}

        /** No credentials were presented. */
        record Anonymous()
                implements Result {}

        /** Credentials were presented and are not valid (401). */
        record Refused(String message)
                implements Result {}

        /** Too many failed logins for the user or from the address (429). */
        record Throttled(Duration retryAfter)
                implements Result {}

        /** The identity provider could not be asked (503). */
        record Unavailable(String message)
                implements Result {}
    }

    private Authentication(List<PasswordAuthenticator> passwordAuthenticators, Optional<JwtAuthenticator> jwt, Optional<OidcLogin> oidc, RoleMapping roles,
            LoginThrottle throttle, CredentialCache cache, SessionCodec sessions, SecurityConfig.SessionConfig sessionConfig)
    {
        this.passwordAuthenticators = List.copyOf(passwordAuthenticators);
        this.jwt = requireNonNull(jwt, "jwt is null");
        this.oidc = requireNonNull(oidc, "oidc is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.secureCookies = sessionConfig.secureCookie();
        this.sameSite = sessionConfig.sameSite();
    }

    /**
     * Builds the configured authenticators, reading the password file and key file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static Authentication create(SecurityConfig config, InstantSource clock)
    {
        List<PasswordAuthenticator> passwords = new ArrayList<>();
        config.passwordFile().ifPresent(file -> passwords.add(new PasswordFileAuthenticator(file)));
        config.ldap().ifPresent(ldap -> {
            if (ldap.url().startsWith("ldap://") && !isLoopback(ldap.url())) {
                log.warn("security.ldap.url {} is not ldaps://: user passwords cross the network unencrypted at every LDAP bind", ldap.url());
            }
            passwords.add(new LdapAuthenticator(ldap));
        });
        Optional<JwtAuthenticator> jwt = config.jwt().map(jwtConfig -> new JwtAuthenticator(
                new TokenVerifier(jwtConfig.jwksUrl().isPresent()
                        ? TokenVerifier.remoteKeys(jwtConfig.jwksUrl().get(), jwtConfig.keysRefresh(), Duration.ofSeconds(10))
                        : TokenVerifier.keysFromFile(jwtConfig.keyFile().orElseThrow()),
                        jwtConfig.issuer(), jwtConfig.audience(), clock, jwtConfig.clockSkew()),
                jwtConfig.userClaim(), jwtConfig.groupsClaim()));
        SessionCodec sessions = new SessionCodec(sessionSecret(config), clock, config.session().maxAge());
        Optional<OidcLogin> oidc = config.oidc().map(oidcConfig -> new OidcLogin(oidcConfig, sessions, clock));
        return new Authentication(passwords, jwt, oidc, config.roles(), new LoginThrottle(config.loginLimits(), clock),
                new CredentialCache(config.credentialCacheTtl(), clock), sessions, config.session());
    }

    private static boolean isLoopback(String url)
    {
        String host = URI.create(url).getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private static byte[] sessionSecret(SecurityConfig config)
    {
        if (config.session().secret().isPresent()) {
            return config.session().secret().get().getBytes(StandardCharsets.UTF_8);
        }
        if (config.authenticationConfigured()) {
            log.warn("security.session.secret is not set: console sessions are signed with a random key, so they are valid only on this node and end when it restarts");
        }
        return SessionCodec.randomSecret();
    }

    public boolean enabled()
    {
        return !passwordAuthenticators.isEmpty() || jwt.isPresent() || oidc.isPresent();
    }

    public boolean acceptsPasswords()
    {
        return !passwordAuthenticators.isEmpty();
    }

    public boolean acceptsBearerTokens()
    {
        return jwt.isPresent();
    }

    /**
     * How the console can log in: {@code password} and/or {@code oidc}.
     */
    public List<String> loginMethods()
    {
        List<String> methods = new ArrayList<>();
        if (acceptsPasswords()) {
            methods.add("password");
        }
        if (oidc.isPresent()) {
            methods.add("oidc");
        }
        return List.copyOf(methods);
    }

    /**
     * The methods, for the startup log.
     */
    public String describe()
    {
        List<String> methods = new ArrayList<>();
        for (PasswordAuthenticator authenticator : passwordAuthenticators) {
            methods.add(authenticator instanceof LdapAuthenticator ? "LDAP" : "password file");
        }
        jwt.ifPresent(_ -> methods.add("JWT bearer tokens"));
        oidc.ifPresent(_ -> methods.add("OIDC login"));
        return String.join(", ", methods);
    }

    public Optional<OidcLogin> oidc()
    {
        return oidc;
    }

    public SessionCodec sessions()
    {
        return sessions;
    }

    public boolean secureCookies()
    {
        return secureCookies;
    }

    public SecurityConfig.SameSite sameSite()
    {
        return sameSite;
    }

    public Principal principalOf(AuthenticatedUser user)
    {
        return roles.principalOf(user);
    }

    /**
     * A console login with user name and password: rate limited, never cached.
     */
    public Result login(String user, String password, String address)
    {
        if (!acceptsPasswords()) {
            return new Result.Refused("password login is not configured");
        }
        Optional<Duration> blocked = throttle.blockedFor(user, address);
        if (blocked.isPresent()) {
            return new Result.Throttled(blocked.get());
        }
        return checkPassword(user, password, address);
    }

    /**
     * The result of an earlier successful check of this {@code Authorization} header, if it is
     * still valid. Never blocks: the gateway's fast path.
     */
    public Optional<Principal> findCached(String authorization)
    {
        return cache.find(authorization);
    }

    /**
     * Checks an {@code Authorization} header: {@code Basic} (user and password) or {@code Bearer}
     * (a JWT). Successful checks are cached; failed password checks count for the rate limit.
     */
    public Result authenticate(String authorization, String address)
    {
        if (authorization == null || authorization.isBlank()) {
            return new Result.Anonymous();
        }
        Optional<Principal> cached = cache.find(authorization);
        if (cached.isPresent()) {
            return new Result.Authenticated(cached.get());
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).strip();
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic" -> basic(authorization, value, address);
            case "bearer" -> bearer(authorization, value);
            default -> new Result.Refused("unsupported authorization scheme '" + scheme + "'; use Basic or Bearer");
        };
    }

    private Result basic(String authorization, String encoded, String address)
    {
        if (!acceptsPasswords()) {
            return new Result.Refused("password authentication is not configured; use a bearer token");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            return new Result.Refused("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Result.Refused("malformed Basic credentials: expected user:password");
        }
        String user = decoded.substring(0, colon);
        Result result = login(user, decoded.substring(colon + 1), address);
        if (result instanceof Result.Authenticated(Principal principal)) {
            cache.put(authorization, principal, Optional.empty());
        }
        return result;
    }

    private Result bearer(String authorization, String token)
    {
        if (jwt.isEmpty()) {
            return new Result.Refused("bearer tokens are not configured; use Basic credentials");
        }
        try {
            Principal principal = roles.principalOf(jwt.get().authenticate(token));
            Optional<Instant> expiry = JwtAuthenticator.expiry(token);
            cache.put(authorization, principal, expiry);
            return new Result.Authenticated(principal);
        }
        catch (AuthenticationException e) {
            log.debug("Bearer token refused: {}", e.getMessage());
            return new Result.Refused(e.getMessage());
        }
        catch (IdentityProviderUnavailableException e) {
            log.warn("Cannot check a bearer token: {}", e.getMessage());
            return new Result.Unavailable(e.getMessage());
        }
    }

    private Result checkPassword(String user, String password, String address)
    {
        String unavailable = null;
        for (PasswordAuthenticator authenticator : passwordAuthenticators) {
            try {
                Principal principal = roles.principalOf(authenticator.authenticate(user, password));
                throttle.recordSuccess(user);
                return new Result.Authenticated(principal);
            }
            catch (AuthenticationException e) {
                // not this authenticator's user, or a wrong password: try the next one
            }
            catch (IdentityProviderUnavailableException e) {
                log.warn("Cannot check the password of '{}': {}", user, e.getMessage());
                unavailable = e.getMessage();
            }
        }
        if (unavailable != null) {
            return new Result.Unavailable("cannot check the password now: " + unavailable);
        }
        throttle.recordFailure(user, address);
        log.info("Failed login for user '{}' from {}", user, address);
        return new Result.Refused("invalid user name or password");
    }
}
