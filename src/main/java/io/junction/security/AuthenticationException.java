package io.junction.security;

/**
 * Credentials were presented and are not valid (wrong password, forged or expired token).
 * The message is safe to show to the caller: it never contains the credential.
 */
public final class AuthenticationException
        extends Exception
{
    public AuthenticationException(String message)
    {
        super(message);
    }
}
