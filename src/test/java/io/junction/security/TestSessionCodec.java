package io.junction.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TestSessionCodec
{
    private static final byte[] SECRET = "session-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
    private final InstantSource clock = now::get;
    private final SessionCodec codec = new SessionCodec(SECRET, clock, Duration.ofHours(8));

    @Test
    void sessionSurvivesTheRoundTripUntilItExpires()
    {
        Session session = codec.newSession(new Principal("alice", Optional.of(Role.OPERATOR), AuthenticationMethod.LDAP));
        String cookie = codec.encode(session);

        assertThat(codec.decode(cookie)).contains(session);
        assertThat(new SessionCodec(SECRET, clock, Duration.ofHours(1)).decode(cookie)).as("another node with the same secret").contains(session);

        now.set(now.get().plus(Duration.ofHours(8)).minusSeconds(1));
        assertThat(codec.decode(cookie)).isPresent();
        now.set(now.get().plusSeconds(1));
        assertThat(codec.decode(cookie)).as("expired").isEmpty();
    }

    @Test
    void refusesForgedTamperedAndForeignCookies()
    {
        Session session = codec.newSession(new Principal("bob", Optional.of(Role.VIEWER), AuthenticationMethod.PASSWORD_FILE));
        String cookie = codec.encode(session);
        String signature = cookie.substring(cookie.indexOf('.'));
        String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, cookie.indexOf('.'))), StandardCharsets.UTF_8);
        String promoted = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("VIEWER", "ADMIN").getBytes(StandardCharsets.UTF_8)) + signature;

        assertThat(codec.decode(promoted)).as("role changed, signature kept").isEmpty();
        assertThat(new SessionCodec("another-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8), clock, Duration.ofHours(8)).decode(cookie)).isEmpty();
        assertThat(codec.decode(cookie.substring(0, cookie.indexOf('.')))).isEmpty();
        assertThat(codec.decode("garbage")).isEmpty();
        assertThat(codec.decode("a.b.c")).isEmpty();
        assertThat(codec.decode("")).isEmpty();
        // a value signed for another purpose (the OIDC login state) is not a session
        String loginState = codec.encode(new SessionCodec.LoginState("s", "n", "v", "/console/", now.get().plusSeconds(60)));
        assertThat(codec.decode(loginState)).isEmpty();
        assertThat(codec.decodeLoginState(cookie)).isEmpty();
        assertThat(codec.decodeLoginState(loginState)).isPresent();
    }

    @Test
    void csrfTokenBelongsToItsSession()
    {
        Session first = codec.newSession(new Principal("alice", Optional.of(Role.ADMIN), AuthenticationMethod.OIDC));
        Session second = codec.newSession(new Principal("alice", Optional.of(Role.ADMIN), AuthenticationMethod.OIDC));

        assertThat(codec.isValidCsrfToken(first, codec.csrfToken(first))).isTrue();
        assertThat(codec.isValidCsrfToken(first, codec.csrfToken(second))).isFalse();
        assertThat(codec.isValidCsrfToken(first, null)).isFalse();
        assertThat(codec.isValidCsrfToken(first, "")).isFalse();
    }

    @Test
    void loginStateExpires()
    {
        String state = codec.encode(new SessionCodec.LoginState("s", "n", "v", "/console/", now.get().plusSeconds(600)));
        now.set(now.get().plusSeconds(600));
        assertThat(codec.decodeLoginState(state)).isEmpty();
    }
}
