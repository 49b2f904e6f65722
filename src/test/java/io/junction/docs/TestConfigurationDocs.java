package io.junction.docs;

import io.junction.server.ConfigurationReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists every property exactly as the code declares it.
 */
class TestConfigurationDocs
{
    @Test
    void configurationReferenceIsCurrent()
            throws Exception
    {
        Path docs = Path.of(System.getProperty("junction.project.dir", ".")).resolve("docs/configuration.md");
        String text = Files.readString(docs);
        String begin = "<!-- BEGIN GENERATED PROPERTIES -->\n";
        String end = "<!-- END GENERATED PROPERTIES -->";
        String embedded = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
        assertThat(embedded.strip())
                .as("docs/configuration.md is out of date; regenerate the table with io.junction.server.ConfigurationReference")
                .isEqualTo(ConfigurationReference.markdown().strip());
    }
}
