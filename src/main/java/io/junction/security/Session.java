package io.junction.security;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A console session: who logged in, how, with which role, and until when. It lives only in
 * a signed cookie ({@link SessionCodec}); no node stores it, so any node can check it.
 */
public record Session(String id, String user, Optional<Role> role, AuthenticationMethod method, Instant issuedAt, Instant expiresAt)
{
    public Session
    {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
        requireNonNull(method, "method is null");
        requireNonNull(issuedAt, "issuedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public Principal principal()
    {
        return new Principal(user, role, method);
    }
}
