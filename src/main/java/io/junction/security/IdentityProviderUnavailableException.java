package io.junction.security;

/**
 * The source of identities (LDAP server, JWKS URL, OIDC issuer) could not be asked: the
 * credentials are neither accepted nor refused, and the caller may retry later.
 */
public final class IdentityProviderUnavailableException
        extends RuntimeException
{
    public IdentityProviderUnavailableException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
