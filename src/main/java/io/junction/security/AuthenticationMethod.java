package io.junction.security;

import java.util.Locale;

/**
 * How a user proved who they are.
 */
public enum AuthenticationMethod
{
    PASSWORD_FILE,
    LDAP,
    JWT,
    OIDC,
    /** Nobody: authentication is not configured and the API is served on loopback only. */
    NONE;

    public String externalName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
