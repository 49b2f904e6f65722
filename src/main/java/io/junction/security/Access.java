package io.junction.security;

import java.util.Optional;

/**
 * What an endpoint requires of its caller. Every admin API route declares one, so that no
 * route can exist without a decision about who may call it.
 */
public enum Access
{
    /** Anyone, authenticated or not: the identity endpoints (who am I, log in, log out). */
    PUBLIC(null),
    VIEWER(Role.VIEWER),
    OPERATOR(Role.OPERATOR),
    ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role)
    {
        this.role = role;
    }

    /**
     * The least role that may call, or empty for {@link #PUBLIC}.
     */
    public Optional<Role> role()
    {
        return Optional.ofNullable(role);
    }

    public boolean allows(Principal principal)
    {
        return role == null || principal.role().map(granted -> granted.includes(role)).orElse(false);
    }
}
