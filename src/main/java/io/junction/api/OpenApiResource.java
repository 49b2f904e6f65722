package io.junction.api;

import io.junction.security.Access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/openapi.yaml}: the hand-written OpenAPI document of the admin API.
 */
public final class OpenApiResource
{
    private static final String RESOURCE = "/io/junction/api/openapi.yaml";

    private final String document;

    public OpenApiResource()
    {
        try (InputStream input = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            this.document = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/openapi.yaml", request -> new ApiResponse.Text(200, "application/yaml;charset=utf-8", document));
    }
}
