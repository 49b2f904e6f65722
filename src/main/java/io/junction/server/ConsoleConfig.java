package io.junction.server;

import io.junction.config.ConfigProperties;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The web console, served on the admin listener under {@code /console/}.
 *
 * @param proxyUri the proxy's base URL as browsers reach it, for the console's links into
 *        Trino's web UI through Junction; empty: derived from the address the console was
 *        loaded from and the proxy's port
 */
public record ConsoleConfig(boolean enabled, Optional<URI> proxyUri)
{
    public ConsoleConfig
    {
        requireNonNull(proxyUri, "proxyUri is null");
    }

    public static ConsoleConfig from(ConfigProperties properties)
    {
        boolean enabled = properties.bool("console.enabled", true, "Serve the web console at /console/ on the admin listener (needs admin.http.enabled)");
        Optional<String> text = properties.optionalString("console.proxy-uri",
                "Base URL of the proxy as browsers reach it (e.g. https://trino.example.com), for the console's links into Trino's web UI; "
                        + "default: the host the console was loaded from, with the proxy's scheme and port");
        Optional<URI> proxyUri = Optional.empty();
        if (text.isPresent()) {
            try {
                URI uri = new URI(text.get().strip());
                if (!uri.isAbsolute() || uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                    properties.addProblem("console.proxy-uri", "must be an absolute http or https URL with a host: " + text.get());
                }
                else {
                    proxyUri = Optional.of(URI.create(uri.toString().replaceAll("/+$", "")));
                }
            }
            catch (URISyntaxException e) {
                properties.addProblem("console.proxy-uri", "invalid URL '" + text.get() + "': " + e.getReason());
            }
        }
        return new ConsoleConfig(enabled, proxyUri);
    }
}
