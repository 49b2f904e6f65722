package io.junction.api;

import static java.util.Objects.requireNonNull;

/**
 * What an API call answers. A body of {@code null} for JSON means "no body".
 */
public sealed interface ApiResponse
{
    int status();

    /** A value serialised as JSON. */
    record Json(int status, Object value)
            implements ApiResponse {}

    /** Plain text (trino-gateway's answers and errors, the OpenAPI YAML). */
    record Text(int status, String contentType, String text)
            implements ApiResponse
    {
        public Text
        {
            requireNonNull(contentType, "contentType is null");
            requireNonNull(text, "text is null");
        }
    }

    /** Only a status. */
    record Empty(int status)
            implements ApiResponse {}

    static ApiResponse ok(Object value)
    {
        return new Json(200, value);
    }
}
