package io.junction.store;

/**
 * The store could not be reached (no connection within the deadline, connection lost).
 * Callers answer "try again later" (HTTP 503) and keep serving from their last snapshot.
 */
public final class StoreUnavailableException
        extends RuntimeException
{
    public StoreUnavailableException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
