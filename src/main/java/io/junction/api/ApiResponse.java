package io.junction.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** An answer with extra headers ({@code Set-Cookie}, {@code Location}, ...), each name and value in order. */
    record WithHeaders(ApiResponse response, List<Map.Entry<String, String>> headers)
            implements ApiResponse
    {
        public WithHeaders
        {
            requireNonNull(response, "response is null");
            headers = List.copyOf(headers);
        }

        @Override
        public int status()
        {
            return response.status();
        }
    }

    /** A redirect of the browser (303 See Other). */
    static ApiResponse redirect(String location, List<Map.Entry<String, String>> headers)
    {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.add(Map.entry("Location", location));
        return new WithHeaders(new Empty(303), all);
    }

    static ApiResponse ok(Object value)
    {
        return new Json(200, value);
    }
}
