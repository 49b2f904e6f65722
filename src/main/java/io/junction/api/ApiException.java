package io.junction.api;

/**
 * A request the API refuses, with the HTTP status and a message naming the bad value.
 */
public final class ApiException
        extends RuntimeException
{
    private final int status;

    public ApiException(int status, String message)
    {
        super(message);
        this.status = status;
    }

    public static ApiException badRequest(String message)
    {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message)
    {
        return new ApiException(404, message);
    }

    public int status()
    {
        return status;
    }
}
