package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document Junction serves describes exactly the routes of its admin API: every
 * route is in it, and it names no route that does not exist.
 */
class TestOpenApiDocument
{
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void documentsEveryRouteAndNoOther()
            throws Exception
    {
        try (TestingJunction junction = TestingJunction.builder().build()) {
            Set<String> routes = new TreeSet<>();
            for (ApiRoutes.Route route : junction.server().adminRoutes()) {
                routes.add(route.method() + " /" + String.join("/", route.template()));
            }
            String served = new AdminClient(junction.adminUri()).get("/api/v1/openapi.yaml").body();
            JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(served).get("paths");
            Set<String> documented = new TreeSet<>();
            for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
                String path = names.next();
                for (Iterator<String> fields = paths.get(path).fieldNames(); fields.hasNext(); ) {
                    String field = fields.next();
                    if (METHODS.contains(field)) {
                        documented.add(field.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
            List<String> undocumented = new ArrayList<>(routes);
            undocumented.removeAll(documented);
            List<String> stale = new ArrayList<>(documented);
            stale.removeAll(routes);
            assertThat(undocumented).as("routes missing from src/main/resources/io/junction/api/openapi.yaml").isEmpty();
            assertThat(stale).as("paths in openapi.yaml that the API does not serve").isEmpty();
        }
    }
}
