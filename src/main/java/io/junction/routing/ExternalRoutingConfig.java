package io.junction.routing;

import io.junction.config.ConfigProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The external routing service: a user's HTTP service that decides the routing group of each
 * new query instead of the rules, with trino-gateway's JSON contract (docs/routing.md).
 *
 * @param url where to {@code POST} each decision; empty: no routing service, the rules decide
 * @param timeout the deadline of the whole call (connect, send, answer)
 * @param excludedHeaders request headers never sent to the service and never accepted from its
 *        {@code externalHeaders}, lower case
 * @param fallback what decides when the service fails or misses the deadline
 * @param propagateErrors whether a non-empty {@code errors} list in the answer fails the query
 * @param sqlFacts whether the body carries {@code trinoQueryProperties} (the SQL text and its facts)
 */
public record ExternalRoutingConfig(Optional<URI> url, Duration timeout, Set<String> excludedHeaders, Fallback fallback, boolean propagateErrors, boolean sqlFacts)
{
    public ExternalRoutingConfig
    {
        requireNonNull(url, "url is null");
        requireNonNull(timeout, "timeout is null");
        excludedHeaders = Set.copyOf(requireNonNull(excludedHeaders, "excludedHeaders is null").stream().map(name -> name.toLowerCase(Locale.ROOT)).toList());
        requireNonNull(fallback, "fallback is null");
    }

    /**
     * No routing service.
     */
    public static ExternalRoutingConfig disabled()
    {
        return new ExternalRoutingConfig(Optional.empty(), Duration.ofSeconds(1), Set.of(), Fallback.DEFAULT_GROUP, false, false);
    }

    public static ExternalRoutingConfig from(ConfigProperties properties)
    {
        Optional<URI> url = properties.optionalString("routing.external.url",
                        "URL of an external routing service that chooses the routing group of each new query instead of the rules "
                                + "(trino-gateway's JSON contract, docs/routing.md); none: the rules decide")
                .flatMap(text -> parseUrl(properties, text));
        Duration timeout = properties.duration("routing.external.timeout", "1s", Duration.ofMillis(10),
                "Deadline of one call to the routing service (connect, send, answer); past it the fallback decides");
        List<String> excluded = properties.list("routing.external.exclude-headers", "Authorization,Cookie,X-Trino-Extra-Credential",
                "Request headers not sent to the routing service (credentials by default; empty: send all) and not accepted from its externalHeaders");
        excluded.stream()
                .filter(name -> !HeaderEdit.isValidName(name))
                .forEach(name -> properties.addProblem("routing.external.exclude-headers", "'" + name + "' is not a valid header name"));
        String fallbackName = properties.string("routing.external.fallback", Fallback.DEFAULT_GROUP.configName(),
                "What decides when the routing service fails, answers badly or misses the deadline: default-group (the X-Trino-Routing-Group "
                        + "header if it names a known group, else routing.default-group), rules (the routing rules), reject (the query fails)");
        Optional<Fallback> fallback = Fallback.fromConfigName(fallbackName);
        if (fallback.isEmpty()) {
            properties.addProblem("routing.external.fallback", "invalid value '" + fallbackName + "': expected default-group, rules or reject");
        }
        boolean propagateErrors = properties.bool("routing.external.propagate-errors", false,
                "Whether a non-empty errors list in the routing service's answer fails the query with those messages; "
                        + "false: the errors are ignored and the answer's routing group is used");
        boolean sqlFacts = properties.bool("routing.external.sql-facts", false,
                "Whether the request body sent to the routing service carries trinoQueryProperties: the SQL text and its facts, "
                        + "parsed with Trino's parser (trino-gateway's analyzeRequest)");
        return new ExternalRoutingConfig(url, timeout, new TreeSet<>(excluded), fallback.orElse(Fallback.DEFAULT_GROUP), propagateErrors, sqlFacts);
    }

    public boolean enabled()
    {
        return url.isPresent();
    }

    public boolean excludes(String headerName)
    {
        return excludedHeaders.contains(headerName.toLowerCase(Locale.ROOT));
    }

    private static Optional<URI> parseUrl(ConfigProperties properties, String text)
    {
        try {
            URI uri = new URI(text);
            if (uri.getUserInfo() != null) {
                properties.addProblem("routing.external.url", "must not contain credentials (user:password@); the value is not shown");
                return Optional.empty();
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                properties.addProblem("routing.external.url", "invalid value '" + text + "': expected an http or https URL such as http://127.0.0.1:9000/route");
                return Optional.empty();
            }
            return Optional.of(uri);
        }
        catch (java.net.URISyntaxException e) {
            properties.addProblem("routing.external.url", "invalid value '" + text + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * What decides when the routing service gives no usable answer.
     */
    public enum Fallback
    {
        /** The {@code X-Trino-Routing-Group} header if it names a known group, else the default group (trino-gateway's behaviour). */
        DEFAULT_GROUP,
        /** The routing rules, as without a routing service. */
        RULES,
        /** The query fails with a Trino error that says the routing service failed. */
        REJECT;

        public String configName()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Fallback> fromConfigName(String name)
        {
            for (Fallback value : values()) {
                if (value.configName().equals(name)) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        }
    }
}
