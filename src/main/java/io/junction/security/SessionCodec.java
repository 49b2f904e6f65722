package io.junction.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Writes and checks the signed values of the console: the session cookie (user, role, login
 * method, expiry), the CSRF token of a session (an HMAC of the session id, sent back by the
 * console in {@code X-Junction-CSRF}), and the short-lived OIDC login state. A value that
 * was changed, signed with another key, or has expired is refused; time comes from the
 * injected clock. Thread-safe.
 */
public final class SessionCodec
{
    public static final String SESSION_COOKIE = "Junction-Session";
    public static final String OIDC_STATE_COOKIE = "Junction-OIDC-Login";
    public static final String CSRF_HEADER = "X-Junction-CSRF";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignedValues sessions;
    private final SignedValues csrf;
    private final SignedValues loginStates;
    private final InstantSource clock;
    private final Duration maxAge;

    public SessionCodec(byte[] secret, InstantSource clock, Duration maxAge)
    {
        this.sessions = new SignedValues(secret, "junction-session-v1");
        this.csrf = new SignedValues(secret, "junction-csrf-v1");
        this.loginStates = new SignedValues(secret, "junction-oidc-state-v1");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxAge = requireNonNull(maxAge, "maxAge is null");
    }

    public static byte[] randomSecret()
    {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public static String randomToken()
    {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Duration maxAge()
    {
        return maxAge;
    }

    public Session newSession(Principal principal)
    {
        Instant now = clock.instant();
        return new Session(randomToken(), principal.name(), principal.role(), principal.method(), now, now.plus(maxAge));
    }

    public String encode(Session session)
    {
        ObjectNode payload = JSON.createObjectNode()
                .put("sid", session.id())
                .put("user", session.user())
                .put("method", session.method().name())
                .put("iat", session.issuedAt().getEpochSecond())
                .put("exp", session.expiresAt().getEpochSecond());
        session.role().ifPresent(role -> payload.put("role", role.name()));
        return sessions.sign(bytes(payload));
    }

    /**
     * The session in the cookie, if it is one this deployment signed and it has not expired.
     */
    public Optional<Session> decode(String cookie)
    {
        return sessions.verify(cookie).flatMap(SessionCodec::parse).flatMap(node -> {
            try {
                Instant expiresAt = Instant.ofEpochSecond(node.path("exp").asLong());
                if (!clock.instant().isBefore(expiresAt)) {
                    return Optional.empty();
                }
                Optional<Role> role = node.hasNonNull("role") ? Optional.of(Role.valueOf(node.get("role").asText())) : Optional.empty();
                return Optional.of(new Session(node.path("sid").asText(), node.path("user").asText(), role,
                        AuthenticationMethod.valueOf(node.path("method").asText()), Instant.ofEpochSecond(node.path("iat").asLong()), expiresAt));
            }
            catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    public String csrfToken(Session session)
    {
        return csrf.mac(session.id());
    }

    public boolean isValidCsrfToken(Session session, String token)
    {
        return token != null && MessageDigest.isEqual(csrfToken(session).getBytes(UTF_8), token.getBytes(UTF_8));
    }

    /**
     * What an OIDC login needs to remember between the redirect to the issuer and the callback.
     */
    public record LoginState(String state, String nonce, String codeVerifier, String returnPath, Instant expiresAt)
    {
        public LoginState
        {
            requireNonNull(state, "state is null");
            requireNonNull(nonce, "nonce is null");
            requireNonNull(codeVerifier, "codeVerifier is null");
            requireNonNull(returnPath, "returnPath is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }

    public String encode(LoginState state)
    {
        return loginStates.sign(bytes(JSON.createObjectNode()
                .put("state", state.state())
                .put("nonce", state.nonce())
                .put("verifier", state.codeVerifier())
                .put("return", state.returnPath())
                .put("exp", state.expiresAt().getEpochSecond())));
    }

    public Optional<LoginState> decodeLoginState(String cookie)
    {
        return loginStates.verify(cookie).flatMap(SessionCodec::parse).flatMap(node -> {
            Instant expiresAt = Instant.ofEpochSecond(node.path("exp").asLong());
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new LoginState(node.path("state").asText(), node.path("nonce").asText(), node.path("verifier").asText(),
                    node.path("return").asText(), expiresAt));
        });
    }

    public Instant now()
    {
        return clock.instant();
    }

    private static byte[] bytes(ObjectNode payload)
    {
        try {
            return JSON.writeValueAsBytes(payload);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<JsonNode> parse(byte[] payload)
    {
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }
}
