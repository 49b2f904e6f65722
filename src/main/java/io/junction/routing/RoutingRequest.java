package io.junction.routing;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What is known about a new query when it is routed, built once per submission from
 * its headers. Rules and policies read it; nothing mutates it.
 *
 * @param user the session user ({@code X-Trino-User}, else the user of Basic authentication)
 * @param source {@code X-Trino-Source}
 * @param clientTags {@code X-Trino-Client-Tags}, split on commas
 * @param routingGroupHeader {@code X-Trino-Routing-Group}
 * @param transactionId {@code X-Trino-Transaction-Id} unless absent or {@code NONE}
 * @param remoteAddress the client's address (after trusted-proxy processing)
 */
public record RoutingRequest(
        Optional<String> user,
        Optional<String> source,
        List<String> clientTags,
        Optional<String> routingGroupHeader,
        Optional<String> transactionId,
        String remoteAddress)
{
    public RoutingRequest
    {
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        clientTags = List.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(routingGroupHeader, "routingGroupHeader is null");
        requireNonNull(transactionId, "transactionId is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
    }
}
