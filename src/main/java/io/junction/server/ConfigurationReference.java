package io.junction.server;

import io.junction.config.ConfigProperties;
import io.junction.config.PropertyDescription;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reference of every configuration property, generated from the features' config
 * records so that the documentation cannot drift from the code. {@code docs/configuration.md}
 * embeds its output; a test keeps the two equal. Run it to regenerate:
 * {@code java -cp target/junction-*.jar io.junction.server.ConfigurationReference}.
 */
public final class ConfigurationReference
{
    private ConfigurationReference() {}

    public static List<PropertyDescription> properties()
    {
        ConfigProperties config = new ConfigProperties(Map.of(), Map.of());
        FeatureConfigs.read(config, Path.of("etc"));
        return config.describedProperties();
    }

    public static String markdown()
    {
        StringBuilder table = new StringBuilder("| Property | Default | Description |\n|---|---|---|\n");
        for (PropertyDescription property : properties()) {
            String defaultValue = property.defaultValue().filter(value -> !value.isEmpty()).map(value -> "`" + value + "`").orElse("(none)");
            table.append("| `").append(property.key()).append("` | ").append(defaultValue).append(" | ")
                    .append(property.description().replace("|", "\\|"))
                    .append(property.secret() ? " (secret: never printed)" : "")
                    .append(" |\n");
        }
        return table.toString();
    }

    public static void main(String[] args)
    {
        System.out.print(markdown());
    }
}
