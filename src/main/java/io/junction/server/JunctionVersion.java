package io.junction.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build, written into {@code version.properties} by the Maven build.
 */
final class JunctionVersion
{
    private JunctionVersion() {}

    static String current()
    {
        try (InputStream input = JunctionVersion.class.getResourceAsStream("version.properties")) {
            if (input == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(input);
            String version = properties.getProperty("version", "unknown");
            // not filtered: run from sources without Maven's resource processing
            return version.startsWith("${") ? "unknown" : version;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
    }
}
