package io.junction.security;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What an authenticator found out: the user's name and the groups the identity source
 * says the user belongs to (LDAP groups, a token's groups claim), before roles are mapped.
 */
public record AuthenticatedUser(String name, Set<String> groups, AuthenticationMethod method)
{
    public AuthenticatedUser
    {
        requireNonNull(name, "name is null");
        groups = Set.copyOf(groups);
        requireNonNull(method, "method is null");
    }
}
