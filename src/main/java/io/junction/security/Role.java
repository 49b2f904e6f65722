package io.junction.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do with the admin API. Each role includes the ones below it:
 * an admin may do everything an operator may, an operator everything a viewer may.
 */
public enum Role
{
    /** Reads everything: fleet, clusters, groups, rules, history. Changes nothing. */
    VIEWER,
    /** Changes the fleet and its routing: clusters (add, drain, delete), groups, rules. */
    OPERATOR,
    /** Everything, including the audit log and what only administrators may see or change. */
    ADMIN;

    public boolean includes(Role other)
    {
        return compareTo(other) >= 0;
    }

    public String externalName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromExternalName(String name)
    {
        for (Role role : values()) {
            if (role.externalName().equalsIgnoreCase(name.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
