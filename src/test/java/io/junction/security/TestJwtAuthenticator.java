package io.junction.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.junction.testing.TestingIdentityProvider;
import io.junction.testing.TestingTokens;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestJwtAuthenticator
{
    private static final String ISSUER = "https://issuer.example.com";
    private static final String AUDIENCE = "junction";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
    private final TestingTokens tokens = new TestingTokens("key-1");

    private JwtAuthenticator authenticator(Path keyFile)
    {
        return new JwtAuthenticator(new TokenVerifier(TokenVerifier.keysFromFile(keyFile), ISSUER, AUDIENCE, now::get, Duration.ofSeconds(30)),
                "sub", Optional.of("groups"));
    }

    private Path file(String content)
            throws Exception
    {
        Path file = Files.createTempFile("keys", ".txt");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void acceptsAValidTokenWithItsUserAndGroupsFromAJwksFileOrAPemKey()
            throws Exception
    {
        String token = tokens.sign(ISSUER, AUDIENCE, "svc-airflow", now.get().plusSeconds(300), Map.of("groups", List.of("etl", "operators")));
        for (Path keys : List.of(file(tokens.publicJwks()), file(tokens.publicPem()))) {
            AuthenticatedUser user = authenticator(keys).authenticate(token);
            assertThat(user.name()).isEqualTo("svc-airflow");
            assertThat(user.groups()).containsExactlyInAnyOrder("etl", "operators");
            assertThat(user.method()).isEqualTo(AuthenticationMethod.JWT);
        }
    }

    @Test
    void refusesExpiredWrongIssuerWrongAudienceAndTokensWithoutExpiry()
            throws Exception
    {
        JwtAuthenticator authenticator = authenticator(file(tokens.publicJwks()));
        String expiring = tokens.sign(ISSUER, AUDIENCE, "alice", now.get().plusSeconds(60), Map.of());
        assertThat(authenticator.authenticate(expiring).name()).isEqualTo("alice");
        now.set(now.get().plusSeconds(60 + 31));
        assertThatThrownBy(() -> authenticator.authenticate(expiring)).isInstanceOf(AuthenticationException.class).hasMessageContaining("expired");

        assertThatThrownBy(() -> authenticator.authenticate(tokens.sign("https://evil.example.com", AUDIENCE, "alice", now.get().plusSeconds(60), Map.of())))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> authenticator.authenticate(tokens.sign(ISSUER, "another-service", "alice", now.get().plusSeconds(60), Map.of())))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("audience");
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice").build();
        assertThatThrownBy(() -> authenticator.authenticate(tokens.sign(noExpiry)))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("no expiry");
        JWTClaimsSet notYet = TestingTokens.claims(ISSUER, AUDIENCE, "alice", now.get().plusSeconds(3600)).notBeforeTime(java.util.Date.from(now.get().plusSeconds(600))).build();
        assertThatThrownBy(() -> authenticator.authenticate(tokens.sign(notYet)))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("not valid before");
    }

    @Test
    void refusesForgedTokens()
            throws Exception
    {
        JwtAuthenticator authenticator = authenticator(file(tokens.publicJwks()));
        JWTClaimsSet claims = TestingTokens.claims(ISSUER, AUDIENCE, "alice", now.get().plusSeconds(300)).build();

        TestingTokens otherIssuer = new TestingTokens("key-1");
        assertThatThrownBy(() -> authenticator.authenticate(otherIssuer.sign(claims))).as("signed by another key with the same key id")
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> authenticator.authenticate(TestingTokens.unsigned(claims))).as("alg none").isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> authenticator.authenticate(tokens.hmacForgery(claims))).as("HMAC with the public key").isInstanceOf(AuthenticationException.class);
        String valid = tokens.sign(claims);
        String tampered = valid.substring(0, valid.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().replace("alice", "admin").getBytes())
                + valid.substring(valid.lastIndexOf('.'));
        assertThatThrownBy(() -> authenticator.authenticate(tampered)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> authenticator.authenticate("not-a-token")).isInstanceOf(AuthenticationException.class).hasMessageContaining("malformed");
    }

    @Test
    void fetchesKeysFromAJwksUrlAndReportsAnUnreachableOne()
            throws Exception
    {
        try (TestingIdentityProvider issuer = new TestingIdentityProvider("client", "secret")) {
            JwtAuthenticator authenticator = new JwtAuthenticator(new TokenVerifier(
                    TokenVerifier.remoteKeys(issuer.jwksUri(), Duration.ofMinutes(5), Duration.ofSeconds(5)), ISSUER, AUDIENCE, now::get, Duration.ZERO),
                    "sub", Optional.empty());
            String token = issuer.tokens().sign(ISSUER, AUDIENCE, "bob", now.get().plusSeconds(60), Map.of("groups", List.of("ignored")));
            AuthenticatedUser user = authenticator.authenticate(token);
            assertThat(user.name()).isEqualTo("bob");
            assertThat(user.groups()).as("no groups claim configured").isEmpty();
        }
        JwtAuthenticator unreachable = new JwtAuthenticator(new TokenVerifier(
                TokenVerifier.remoteKeys(java.net.URI.create("http://127.0.0.1:1/jwks"), Duration.ofMinutes(5), Duration.ofSeconds(2)), ISSUER, AUDIENCE, now::get, Duration.ZERO),
                "sub", Optional.empty());
        assertThatThrownBy(() -> unreachable.authenticate(tokens.sign(ISSUER, AUDIENCE, "bob", now.get().plusSeconds(60), Map.of())))
                .isInstanceOf(IdentityProviderUnavailableException.class);
    }

    @Test
    void refusesKeyFilesWithoutKeys()
            throws Exception
    {
        Path empty = file("nothing here");
        assertThatThrownBy(() -> TokenVerifier.keysFromFile(empty)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
    }
}
