package io.junction.security;

import io.junction.config.ConfigProperties;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Authentication and authorization of the admin API and console, and (optionally) of Trino
 * clients at the gateway: the authenticators (password file, LDAP, JWT, OIDC), how roles are
 * mapped, sessions, the login rate limit and the credential cache.
 */
public record SecurityConfig(
        Optional<Path> passwordFile,
        Optional<LdapAuthenticator.LdapConfig> ldap,
        Optional<JwtConfig> jwt,
        Optional<OidcConfig> oidc,
        RoleMapping roles,
        SessionConfig session,
        LoginLimits loginLimits,
        Duration credentialCacheTtl,
        ClientAuthenticationConfig clientAuthentication,
        Access metricsAccess)
{
    public SecurityConfig
    {
        requireNonNull(passwordFile, "passwordFile is null");
        requireNonNull(ldap, "ldap is null");
        requireNonNull(jwt, "jwt is null");
        requireNonNull(oidc, "oidc is null");
        requireNonNull(roles, "roles is null");
        requireNonNull(session, "session is null");
        requireNonNull(loginLimits, "loginLimits is null");
        requireNonNull(credentialCacheTtl, "credentialCacheTtl is null");
        requireNonNull(clientAuthentication, "clientAuthentication is null");
        requireNonNull(metricsAccess, "metricsAccess is null");
    }

    /**
     * @param jwksUrl keys from an issuer's JWKS endpoint; or {@code keyFile}: a JWKS document or PEM public keys
     */
    public record JwtConfig(Optional<URI> jwksUrl, Optional<Path> keyFile, String issuer, String audience, String userClaim, Optional<String> groupsClaim,
            Duration clockSkew, Duration keysRefresh)
    {
        public JwtConfig
        {
            requireNonNull(jwksUrl, "jwksUrl is null");
            requireNonNull(keyFile, "keyFile is null");
            requireNonNull(issuer, "issuer is null");
            requireNonNull(audience, "audience is null");
            requireNonNull(userClaim, "userClaim is null");
            requireNonNull(groupsClaim, "groupsClaim is null");
            requireNonNull(clockSkew, "clockSkew is null");
            requireNonNull(keysRefresh, "keysRefresh is null");
        }
    }

    /**
     * @param redirectUri the callback URL registered with the issuer; empty: derived from the request's host
     */
    public record OidcConfig(URI issuer, String clientId, Optional<String> clientSecret, Optional<URI> redirectUri, List<String> scopes,
            String userClaim, Optional<String> groupsClaim, Duration timeout)
    {
        public OidcConfig
        {
            requireNonNull(issuer, "issuer is null");
            requireNonNull(clientId, "clientId is null");
            requireNonNull(clientSecret, "clientSecret is null");
            requireNonNull(redirectUri, "redirectUri is null");
            scopes = List.copyOf(scopes);
            requireNonNull(userClaim, "userClaim is null");
            requireNonNull(groupsClaim, "groupsClaim is null");
            requireNonNull(timeout, "timeout is null");
        }

        @Override
        public String toString()
        {
            return "OidcConfig[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=" + clientSecret.map(_ -> "<redacted>").orElse("(none)") + "]";
        }
    }

    public enum SameSite
    {
        STRICT,
        LAX
    }

    /**
     * @param secret the HMAC key of session cookies; the same on every node (empty: random per process)
     * @param secureCookie mark cookies {@code Secure} even on plain HTTP requests (TLS ends at a proxy in front)
     */
    public record SessionConfig(Optional<String> secret, Duration maxAge, SameSite sameSite, boolean secureCookie)
    {
        public SessionConfig
        {
            requireNonNull(secret, "secret is null");
            requireNonNull(maxAge, "maxAge is null");
            requireNonNull(sameSite, "sameSite is null");
        }

        @Override
        public String toString()
        {
            return "SessionConfig[secret=" + secret.map(_ -> "<redacted>").orElse("(random)") + ", maxAge=" + maxAge + ", sameSite=" + sameSite + ", secureCookie=" + secureCookie + "]";
        }
    }

    public record LoginLimits(int maxFailuresPerUser, int maxFailuresPerAddress, Duration window)
    {
        public LoginLimits
        {
            requireNonNull(window, "window is null");
        }
    }

    public enum UserMismatch
    {
        /** A request whose {@code X-Trino-User} differs from the authenticated user is refused. */
        REJECT,
        /** {@code X-Trino-User} is replaced by the authenticated user before routing and forwarding. */
        OVERRIDE
    }

    public record ClientAuthenticationConfig(boolean enabled, UserMismatch userMismatch)
    {
        public ClientAuthenticationConfig
        {
            requireNonNull(userMismatch, "userMismatch is null");
        }
    }

    /**
     * Whether any way to authenticate is configured. Without one the admin API only listens on loopback.
     */
    public boolean authenticationConfigured()
    {
        return passwordFile.isPresent() || ldap.isPresent() || jwt.isPresent() || oidc.isPresent();
    }

    public boolean passwordConfigured()
    {
        return passwordFile.isPresent() || ldap.isPresent();
    }

    public static SecurityConfig from(ConfigProperties properties, Path etcDirectory)
    {
        Optional<Path> passwordFile = properties.optionalString("security.password-file",
                "File of user:hash lines (bcrypt or argon2, Trino's format) for password logins; relative to the etc directory")
                .map(path -> etcDirectory.resolve(path).normalize());
        SecurityConfig config = new SecurityConfig(
                passwordFile,
                ldap(properties),
                jwt(properties, etcDirectory),
                oidc(properties),
                roles(properties),
                session(properties),
                new LoginLimits(
                        properties.integer("security.login.max-failures-per-user", 5, 1, 1_000_000,
                                "Failed logins per user name within the failure window before further attempts are refused (429)"),
                        properties.integer("security.login.max-failures-per-address", 20, 1, 1_000_000,
                                "Failed logins per client address within the failure window before further attempts are refused (429)"),
                        properties.duration("security.login.failure-window", "5m", Duration.ofSeconds(1),
                                "How long failed logins are counted; a blocked user or address may try again when it has passed")),
                properties.duration("security.credential-cache.ttl", "5m",
                        "How long a successful check of a password or bearer token is remembered (never longer than the token is valid); 0s checks every request"),
                new ClientAuthenticationConfig(
                        properties.bool("security.client-authentication.enabled", false,
                                "Require Trino clients on the proxy port to authenticate (Basic: password file or LDAP; Bearer: JWT); the authenticated user is what routing rules see"),
                        enumValue(properties, "security.client-authentication.user-mismatch", "reject", UserMismatch.class,
                                "When X-Trino-User differs from the authenticated user: reject the request, or override the header with the authenticated user")),
                enumValue(properties, "security.metrics-access", "viewer", Access.class,
                        "Role needed to read /metrics on the admin listener when authentication is configured: viewer, operator, admin, or public for scrapers that cannot authenticate"));
        if (config.clientAuthentication().enabled() && !config.passwordConfigured() && config.jwt().isEmpty()) {
            properties.addProblem("security.client-authentication.enabled", "needs security.password-file, security.ldap.url or security.jwt.issuer to authenticate clients with");
        }
        return config;
    }

    private static Optional<LdapAuthenticator.LdapConfig> ldap(ConfigProperties properties)
    {
        Optional<String> url = properties.optionalString("security.ldap.url", "LDAP server for password logins, ldaps://host:636 (or ldap:// on a trusted network)");
        Optional<String> bindPattern = properties.optionalString("security.ldap.user-bind-pattern",
                "DN to bind as, with ${USER} for the user name, e.g. uid=${USER},ou=people,dc=example,dc=org");
        Optional<String> groupBase = properties.optionalString("security.ldap.group-search-base",
                "Where to search the user's groups (for role mapping), e.g. ou=groups,dc=example,dc=org; empty: no group search");
        String groupFilter = properties.string("security.ldap.group-search-filter", "(member=${USER_DN})",
                "Filter of the group search, with ${USER_DN} for the bound DN and ${USER} for the user name");
        String groupAttribute = properties.string("security.ldap.group-name-attribute", "cn", "Attribute of a group entry that holds the group's name");
        Duration timeout = properties.duration("security.ldap.timeout", "5s", Duration.ofMillis(100), "Connect and read timeout of each LDAP call");
        if (url.isEmpty()) {
            if (bindPattern.isPresent()) {
                properties.addProblem("security.ldap.user-bind-pattern", "is set but security.ldap.url is not");
            }
            return Optional.empty();
        }
        if (!url.get().startsWith("ldap://") && !url.get().startsWith("ldaps://")) {
            properties.addProblem("security.ldap.url", "must start with ldap:// or ldaps://: '" + url.get() + "'");
        }
        if (bindPattern.isEmpty() || !bindPattern.get().contains("${USER}")) {
            properties.addProblem("security.ldap.user-bind-pattern", "is required with security.ldap.url and must contain ${USER}");
            return Optional.empty();
        }
        return Optional.of(new LdapAuthenticator.LdapConfig(url.get(), bindPattern.get(), groupBase, groupFilter, groupAttribute, timeout));
    }

    private static Optional<JwtConfig> jwt(ConfigProperties properties, Path etcDirectory)
    {
        Optional<String> jwksUrl = properties.optionalString("security.jwt.jwks-url", "JWKS URL of the issuer of bearer tokens (JWT) for automation");
        Optional<Path> keyFile = properties.optionalString("security.jwt.key-file",
                "Instead of a JWKS URL: a file of the token signing keys (a JWKS document or PEM public keys); relative to the etc directory")
                .map(path -> etcDirectory.resolve(path).normalize());
        Optional<String> issuer = properties.optionalString("security.jwt.issuer", "Required issuer (iss) of bearer tokens; setting it turns JWT authentication on");
        Optional<String> audience = properties.optionalString("security.jwt.audience", "Required audience (aud) of bearer tokens");
        String userClaim = properties.string("security.jwt.user-claim", "sub", "Claim of a bearer token that names the user");
        Optional<String> groupsClaim = properties.optionalString("security.jwt.groups-claim", "Claim of a bearer token that lists the user's groups (for role mapping), e.g. groups");
        Duration clockSkew = properties.duration("security.jwt.clock-skew", "60s", "Tolerated difference between the issuer's clock and this one for exp and nbf");
        Duration refresh = properties.duration("security.jwt.jwks-refresh", "15m", Duration.ofSeconds(10),
                "How long fetched signing keys are kept; an unknown key id fetches them again sooner");
        if (issuer.isEmpty()) {
            jwksUrl.ifPresent(_ -> properties.addProblem("security.jwt.jwks-url", "is set but security.jwt.issuer is not"));
            keyFile.ifPresent(_ -> properties.addProblem("security.jwt.key-file", "is set but security.jwt.issuer is not"));
            audience.ifPresent(_ -> properties.addProblem("security.jwt.audience", "is set but security.jwt.issuer is not"));
            return Optional.empty();
        }
        if (audience.isEmpty()) {
            properties.addProblem("security.jwt.audience", "is required with security.jwt.issuer: tokens issued for other services must not be accepted");
        }
        if (jwksUrl.isPresent() == keyFile.isPresent()) {
            properties.addProblem("security.jwt.jwks-url", "exactly one of security.jwt.jwks-url and security.jwt.key-file is required with security.jwt.issuer");
        }
        Optional<URI> url = jwksUrl.flatMap(text -> uri(properties, "security.jwt.jwks-url", text));
        return Optional.of(new JwtConfig(url, keyFile, issuer.get(), audience.orElse(""), userClaim, groupsClaim, clockSkew, refresh));
    }

    private static Optional<OidcConfig> oidc(ConfigProperties properties)
    {
        Optional<String> issuer = properties.optionalString("security.oidc.issuer",
                "OpenID Connect issuer for console logins (its /.well-known/openid-configuration is read); setting it turns OIDC login on");
        Optional<String> clientId = properties.optionalString("security.oidc.client-id", "Client id of Junction at the OIDC issuer");
        Optional<String> clientSecret = properties.optionalSecret("security.oidc.client-secret", "Client secret at the OIDC issuer (empty for a public client: PKCE only)");
        Optional<String> redirectUri = properties.optionalString("security.oidc.redirect-uri",
                "Callback URL registered at the issuer, ending in /api/v1/login/oidc/callback; empty: derived from the request's Host");
        List<String> scopes = properties.list("security.oidc.scopes", "openid,profile,email", "Scopes asked for at login (openid is always added)");
        String userClaim = properties.string("security.oidc.user-claim", "preferred_username", "ID token claim that names the user");
        Optional<String> groupsClaim = properties.optionalString("security.oidc.groups-claim", "ID token claim that lists the user's groups (for role mapping), e.g. groups");
        Duration timeout = properties.duration("security.oidc.timeout", "10s", Duration.ofMillis(100), "Timeout of each call to the OIDC issuer");
        if (issuer.isEmpty()) {
            if (clientId.isPresent()) {
                properties.addProblem("security.oidc.client-id", "is set but security.oidc.issuer is not");
            }
            return Optional.empty();
        }
        if (clientId.isEmpty()) {
            properties.addProblem("security.oidc.client-id", "is required with security.oidc.issuer");
        }
        Optional<URI> issuerUri = uri(properties, "security.oidc.issuer", issuer.get());
        Optional<URI> redirect = redirectUri.flatMap(text -> uri(properties, "security.oidc.redirect-uri", text));
        if (issuerUri.isEmpty()) {
            return Optional.empty();
        }
        List<String> allScopes = scopes.contains("openid") ? scopes : Stream.concat(Stream.of("openid"), scopes.stream()).toList();
        return Optional.of(new OidcConfig(issuerUri.get(), clientId.orElse(""), clientSecret, redirect, allScopes, userClaim, groupsClaim, timeout));
    }

    private static RoleMapping roles(ConfigProperties properties)
    {
        Map<Role, Set<String>> users = new EnumMap<>(Role.class);
        Map<Role, Set<String>> groups = new EnumMap<>(Role.class);
        for (Role role : List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER)) {
            users.put(role, Set.copyOf(properties.list("security.roles." + role.externalName() + "-users", "",
                    "Users who get the " + role.externalName() + " role")));
            groups.put(role, Set.copyOf(properties.list("security.roles." + role.externalName() + "-groups", "",
                    "Groups (LDAP groups, the groups claim of a token) whose members get the " + role.externalName() + " role")));
        }
        String defaultRole = properties.string("security.roles.default-role", "none",
                "Role of authenticated users who match no mapping: none, viewer, operator or admin");
        Optional<Role> role = Optional.empty();
        if (!defaultRole.equalsIgnoreCase("none")) {
            role = Role.fromExternalName(defaultRole);
            if (role.isEmpty()) {
                properties.addProblem("security.roles.default-role", "invalid value '" + defaultRole + "': expected none, viewer, operator or admin");
            }
        }
        return new RoleMapping(users, groups, role);
    }

    private static SessionConfig session(ConfigProperties properties)
    {
        Optional<String> secret = properties.optionalSecret("security.session.secret",
                "HMAC key that signs session cookies; set the same value on every node (at least 32 characters). Empty: a random key per process");
        if (secret.isPresent() && secret.get().length() < 32) {
            properties.addProblem("security.session.secret", "must be at least 32 characters");
        }
        return new SessionConfig(
                secret,
                properties.duration("security.session.max-age", "8h", Duration.ofMinutes(1), "How long a console session lasts after login"),
                enumValue(properties, "security.session.same-site", "strict", SameSite.class, "SameSite attribute of the session cookie: strict or lax"),
                properties.bool("security.session.secure-cookie", false,
                        "Mark cookies Secure even when the request came over plain HTTP (TLS ends at a proxy in front); over HTTPS they always are"));
    }

    private static <E extends Enum<E>> E enumValue(ConfigProperties properties, String key, String defaultValue, Class<E> type, String description)
    {
        String text = properties.string(key, defaultValue, description);
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (IllegalArgumentException e) {
            properties.addProblem(key, "invalid value '" + text + "': expected one of " + Arrays.stream(type.getEnumConstants()).map(value -> value.name().toLowerCase(Locale.ROOT)).toList());
            return Enum.valueOf(type, defaultValue.toUpperCase(Locale.ROOT));
        }
    }

    private static Optional<URI> uri(ConfigProperties properties, String key, String text)
    {
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                properties.addProblem(key, "must be an http or https URL: '" + text + "'");
                return Optional.empty();
            }
            return Optional.of(uri);
        }
        catch (URISyntaxException e) {
            properties.addProblem(key, "invalid URL '" + text + "': " + e.getReason());
            return Optional.empty();
        }
    }
}
