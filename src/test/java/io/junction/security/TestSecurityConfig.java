package io.junction.security;

import io.junction.config.ConfigProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestSecurityConfig
{
    private static final Path ETC = Path.of("/opt/junction/etc");

    @Test
    void defaults()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(), Map.of());
        SecurityConfig config = SecurityConfig.from(properties, ETC);
        properties.validate();

        assertThat(config.authenticationConfigured()).isFalse();
        assertThat(config.passwordFile()).isEmpty();
        assertThat(config.ldap()).isEmpty();
        assertThat(config.jwt()).isEmpty();
        assertThat(config.oidc()).isEmpty();
        assertThat(config.session().secret()).isEmpty();
        assertThat(config.session().maxAge()).isEqualTo(Duration.ofHours(8));
        assertThat(config.session().sameSite()).isEqualTo(SecurityConfig.SameSite.STRICT);
        assertThat(config.session().secureCookie()).isFalse();
        assertThat(config.loginLimits()).isEqualTo(new SecurityConfig.LoginLimits(5, 20, Duration.ofMinutes(5)));
        assertThat(config.credentialCacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.clientAuthentication()).isEqualTo(new SecurityConfig.ClientAuthenticationConfig(false, SecurityConfig.UserMismatch.REJECT));
        assertThat(config.metricsAccess()).isEqualTo(Access.VIEWER);
        assertThat(config.roles().roleOf(new AuthenticatedUser("anyone", Set.of("admins"), AuthenticationMethod.LDAP))).isEmpty();
    }

    @Test
    void explicitMapping()
    {
        ConfigProperties properties = new ConfigProperties(Map.ofEntries(
                Map.entry("security.password-file", "password.db"),
                Map.entry("security.ldap.url", "ldaps://ldap.example.com:636"),
                Map.entry("security.ldap.user-bind-pattern", "uid=${USER},ou=people,dc=example,dc=com"),
                Map.entry("security.ldap.group-search-base", "ou=groups,dc=example,dc=com"),
                Map.entry("security.ldap.group-search-filter", "(memberUid=${USER})"),
                Map.entry("security.ldap.group-name-attribute", "ou"),
                Map.entry("security.ldap.timeout", "2s"),
                Map.entry("security.jwt.jwks-url", "https://idp.example.com/jwks"),
                Map.entry("security.jwt.issuer", "https://idp.example.com"),
                Map.entry("security.jwt.audience", "junction"),
                Map.entry("security.jwt.user-claim", "email"),
                Map.entry("security.jwt.groups-claim", "roles"),
                Map.entry("security.jwt.clock-skew", "10s"),
                Map.entry("security.jwt.jwks-refresh", "1h"),
                Map.entry("security.oidc.issuer", "https://idp.example.com"),
                Map.entry("security.oidc.client-id", "console"),
                Map.entry("security.oidc.client-secret", "${ENV:OIDC_SECRET}"),
                Map.entry("security.oidc.redirect-uri", "https://junction.example.com/api/v1/login/oidc/callback"),
                Map.entry("security.oidc.scopes", "profile,groups"),
                Map.entry("security.oidc.user-claim", "email"),
                Map.entry("security.oidc.groups-claim", "groups"),
                Map.entry("security.oidc.timeout", "3s"),
                Map.entry("security.roles.admin-users", "root, alice"),
                Map.entry("security.roles.admin-groups", "admins"),
                Map.entry("security.roles.operator-users", "olga"),
                Map.entry("security.roles.operator-groups", "platform"),
                Map.entry("security.roles.viewer-users", "vic"),
                Map.entry("security.roles.viewer-groups", "analysts"),
                Map.entry("security.roles.default-role", "viewer"),
                Map.entry("security.session.secret", "${ENV:SESSION_SECRET}"),
                Map.entry("security.session.max-age", "1h"),
                Map.entry("security.session.same-site", "lax"),
                Map.entry("security.session.secure-cookie", "true"),
                Map.entry("security.login.max-failures-per-user", "3"),
                Map.entry("security.login.max-failures-per-address", "10"),
                Map.entry("security.login.failure-window", "15m"),
                Map.entry("security.credential-cache.ttl", "0s"),
                Map.entry("security.client-authentication.enabled", "true"),
                Map.entry("security.client-authentication.user-mismatch", "override"),
                Map.entry("security.metrics-access", "public")),
                Map.of("OIDC_SECRET", "oidc-s3cret", "SESSION_SECRET", "0123456789abcdef0123456789abcdef"));
        SecurityConfig config = SecurityConfig.from(properties, ETC);
        properties.validate();

        assertThat(config.passwordFile()).contains(ETC.resolve("password.db"));
        assertThat(config.ldap()).contains(new LdapAuthenticator.LdapConfig("ldaps://ldap.example.com:636", "uid=${USER},ou=people,dc=example,dc=com",
                Optional.of("ou=groups,dc=example,dc=com"), "(memberUid=${USER})", "ou", Duration.ofSeconds(2)));
        assertThat(config.jwt()).contains(new SecurityConfig.JwtConfig(Optional.of(URI.create("https://idp.example.com/jwks")), Optional.empty(),
                "https://idp.example.com", "junction", "email", Optional.of("roles"), Duration.ofSeconds(10), Duration.ofHours(1)));
        SecurityConfig.OidcConfig oidc = config.oidc().orElseThrow();
        assertThat(oidc.issuer()).isEqualTo(URI.create("https://idp.example.com"));
        assertThat(oidc.clientId()).isEqualTo("console");
        assertThat(oidc.clientSecret()).contains("oidc-s3cret");
        assertThat(oidc.toString()).doesNotContain("oidc-s3cret");
        assertThat(oidc.redirectUri()).contains(URI.create("https://junction.example.com/api/v1/login/oidc/callback"));
        assertThat(oidc.scopes()).containsExactly("openid", "profile", "groups");
        assertThat(oidc.userClaim()).isEqualTo("email");
        assertThat(oidc.groupsClaim()).contains("groups");
        assertThat(oidc.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.session()).isEqualTo(new SecurityConfig.SessionConfig(Optional.of("0123456789abcdef0123456789abcdef"), Duration.ofHours(1), SecurityConfig.SameSite.LAX, true));
        assertThat(config.session().toString()).doesNotContain("0123456789abcdef");
        assertThat(config.loginLimits()).isEqualTo(new SecurityConfig.LoginLimits(3, 10, Duration.ofMinutes(15)));
        assertThat(config.credentialCacheTtl()).isZero();
        assertThat(config.clientAuthentication()).isEqualTo(new SecurityConfig.ClientAuthenticationConfig(true, SecurityConfig.UserMismatch.OVERRIDE));
        assertThat(config.metricsAccess()).isEqualTo(Access.PUBLIC);

        RoleMapping roles = config.roles();
        assertThat(roles.roleOf(user("alice"))).contains(Role.ADMIN);
        assertThat(roles.roleOf(user("someone", "admins", "analysts"))).as("the highest role wins").contains(Role.ADMIN);
        assertThat(roles.roleOf(user("olga"))).contains(Role.OPERATOR);
        assertThat(roles.roleOf(user("x", "platform"))).contains(Role.OPERATOR);
        assertThat(roles.roleOf(user("vic"))).contains(Role.VIEWER);
        assertThat(roles.roleOf(user("x", "analysts"))).contains(Role.VIEWER);
        assertThat(roles.roleOf(user("stranger"))).as("default role").contains(Role.VIEWER);
    }

    @Test
    void namesEveryInconsistentOrInvalidSetting()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "security.ldap.url", "http://ldap.example.com",
                "security.jwt.issuer", "https://idp.example.com",
                "security.oidc.client-id", "console",
                "security.session.secret", "short",
                "security.session.same-site", "none",
                "security.roles.default-role", "superuser",
                "security.client-authentication.user-mismatch", "ignore"), Map.of());
        SecurityConfig.from(properties, ETC);
        assertThatThrownBy(properties::validate)
                .hasMessageContaining("security.ldap.url: must start with ldap:// or ldaps://")
                .hasMessageContaining("security.ldap.user-bind-pattern: is required with security.ldap.url")
                .hasMessageContaining("security.jwt.audience: is required with security.jwt.issuer")
                .hasMessageContaining("security.jwt.jwks-url: exactly one of security.jwt.jwks-url and security.jwt.key-file")
                .hasMessageContaining("security.oidc.client-id: is set but security.oidc.issuer is not")
                .hasMessageContaining("security.session.secret: must be at least 32 characters")
                .hasMessageNotContaining("short")
                .hasMessageContaining("security.session.same-site: invalid value 'none'")
                .hasMessageContaining("security.roles.default-role: invalid value 'superuser'")
                .hasMessageContaining("security.client-authentication.user-mismatch: invalid value 'ignore'");
    }

    @Test
    void clientAuthenticationNeedsAnAuthenticatorForClients()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "security.client-authentication.enabled", "true",
                "security.oidc.issuer", "https://idp.example.com",
                "security.oidc.client-id", "console"), Map.of());
        SecurityConfig.from(properties, ETC);
        assertThatThrownBy(properties::validate).hasMessageContaining("security.client-authentication.enabled: needs security.password-file, security.ldap.url or security.jwt.issuer");
    }

    private static AuthenticatedUser user(String name, String... groups)
    {
        return new AuthenticatedUser(name, Set.of(groups), AuthenticationMethod.LDAP);
    }
}
