package io.junction.security;

/**
 * Checks a user name and password. Implementations are thread-safe and may block (LDAP).
 */
public interface PasswordAuthenticator
{
    /**
     * @throws AuthenticationException when the user is unknown to this authenticator or the password is wrong
     * @throws IdentityProviderUnavailableException when the check could not be made
     */
    AuthenticatedUser authenticate(String user, String password)
            throws AuthenticationException;
}
