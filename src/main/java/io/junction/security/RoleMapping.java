package io.junction.security;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Gives an authenticated user a role: by user name, or by a group the identity source
 * names (LDAP groups, a token's groups claim). The highest role that matches wins; a user
 * who matches none gets the default role, if one is configured, else no role (and every
 * non-public endpoint answers 403). Immutable and thread-safe.
 */
public final class RoleMapping
{
    private final Map<Role, Set<String>> users;
    private final Map<Role, Set<String>> groups;
    private final Optional<Role> defaultRole;

    public RoleMapping(Map<Role, Set<String>> users, Map<Role, Set<String>> groups, Optional<Role> defaultRole)
    {
        this.users = copy(users);
        this.groups = copy(groups);
        this.defaultRole = requireNonNull(defaultRole, "defaultRole is null");
    }

    public Optional<Role> roleOf(AuthenticatedUser user)
    {
        Role[] highestFirst = {Role.ADMIN, Role.OPERATOR, Role.VIEWER};
        for (Role role : highestFirst) {
            if (users.get(role).contains(user.name())) {
                return Optional.of(role);
            }
            for (String group : user.groups()) {
                if (groups.get(role).contains(group)) {
                    return Optional.of(role);
                }
            }
        }
        return defaultRole;
    }

    public Principal principalOf(AuthenticatedUser user)
    {
        return new Principal(user.name(), roleOf(user), user.method());
    }

    private static Map<Role, Set<String>> copy(Map<Role, Set<String>> byRole)
    {
        Map<Role, Set<String>> copy = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            copy.put(role, Set.copyOf(byRole.getOrDefault(role, Set.of())));
        }
        return copy;
    }
}
