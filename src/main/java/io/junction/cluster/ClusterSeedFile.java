package io.junction.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.junction.config.ConfigException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the clusters seed file ({@code clusters.seed-file}), YAML or JSON:
 * <pre>
 * clusters:
 *   - name: trino-1
 *     uri: http://trino-1:8080
 *     routing-group: adhoc
 *     enabled: true
 *     forwarded-headers: true
 * </pre>
 * Every problem in the file is reported at once; nothing is used unless all of it is valid.
 */
public final class ClusterSeedFile
{
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ClusterSeedFile() {}

    public static List<ClusterDefinition> load(Path file)
    {
        String text;
        try {
            text = Files.readString(file);
        }
        catch (NoSuchFileException e) {
            throw new ConfigException("clusters.seed-file: file does not exist: " + file);
        }
        catch (IOException e) {
            throw new ConfigException("clusters.seed-file: cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static List<ClusterDefinition> parse(String text, String source)
    {
        Document document;
        try {
            document = MAPPER.readValue(text, Document.class);
        }
        catch (UnrecognizedPropertyException e) {
            throw new ConfigException("%s: unknown field '%s' at %s (known fields: %s)".formatted(
                    source, e.getPropertyName(), e.getPathReference(), e.getKnownPropertyIds()));
        }
        catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        }
        if (document == null || document.clusters() == null) {
            throw new ConfigException(source + ": expected a top-level 'clusters' list");
        }
        List<String> problems = new ArrayList<>();
        List<ClusterDefinition> clusters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < document.clusters().size(); i++) {
            Entry entry = document.clusters().get(i);
            String where = "%s: clusters[%d]".formatted(source, i);
            if (entry == null) {
                problems.add(where + ": empty entry");
                continue;
            }
            if (entry.name() == null) {
                problems.add(where + ": 'name' is required");
                continue;
            }
            if (entry.uri() == null) {
                problems.add(where + " (" + entry.name() + "): 'uri' is required");
                continue;
            }
            if (entry.routingGroup() == null) {
                problems.add(where + " (" + entry.name() + "): 'routing-group' is required");
                continue;
            }
            if (!names.add(entry.name())) {
                problems.add(where + ": duplicate cluster name '" + entry.name() + "'");
                continue;
            }
            try {
                clusters.add(new ClusterDefinition(
                        entry.name(),
                        new URI(entry.uri()),
                        entry.routingGroup(),
                        entry.enabled() == null || entry.enabled(),
                        entry.forwardedHeaders() == null || entry.forwardedHeaders()));
            }
            catch (URISyntaxException e) {
                problems.add(where + " (" + entry.name() + "): invalid uri '" + entry.uri() + "': " + e.getReason());
            }
            catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(clusters);
    }

    record Document(@JsonProperty("clusters") List<Entry> clusters)
    {
        @JsonCreator
        Document {}
    }

    record Entry(
            @JsonProperty("name") String name,
            @JsonProperty("uri") String uri,
            @JsonProperty("routing-group") String routingGroup,
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("forwarded-headers") Boolean forwardedHeaders)
    {
        @JsonCreator
        Entry {}
    }
}
