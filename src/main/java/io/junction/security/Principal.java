package io.junction.security;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling, after authentication and role mapping.
 *
 * @param role the highest role the user holds; empty for a user who is authenticated but
 *        has no role (every endpoint but the public ones refuses them with 403)
 */
public record Principal(String name, Optional<Role> role, AuthenticationMethod method)
{
    public Principal
    {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(method, "method is null");
    }

    /**
     * The caller when authentication is not configured: the API then listens on loopback only,
     * and everyone who can reach it is an administrator (as anyone logged in on the host could
     * change the configuration files anyway).
     */
    public static Principal unauthenticatedAdministrator(String name)
    {
        return new Principal(name, Optional.of(Role.ADMIN), AuthenticationMethod.NONE);
    }
}
