package io.junction.routing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one call to the external routing service gave: an answer in trino-gateway's shape
 * ({@code {"routingGroup": ..., "errors": [...], "externalHeaders": {...}}}), or a failure.
 */
public sealed interface ExternalRoutingOutcome
{
    /** From sending the call to the end of the answer or the failure. */
    Duration latency();

    /**
     * A well-formed answer.
     *
     * @param routingGroup the group the service chose; empty when it chose none (null or blank)
     * @param errors messages the service reported; they fail the query only with
     *        {@code routing.external.propagate-errors=true}
     * @param externalHeaders headers to set on the request sent to the cluster; null values already dropped
     */
    record Answered(Optional<String> routingGroup, List<String> errors, Map<String, String> externalHeaders, Duration latency)
            implements ExternalRoutingOutcome
    {
        public Answered
        {
            requireNonNull(routingGroup, "routingGroup is null");
            errors = List.copyOf(requireNonNull(errors, "errors is null"));
            externalHeaders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requireNonNull(externalHeaders, "externalHeaders is null")));
            requireNonNull(latency, "latency is null");
        }
    }

    /**
     * No usable answer; the configured fallback decides.
     *
     * @param message what went wrong, for logs, dry runs and (with the {@code reject} fallback) the client
     */
    record Failed(FailureKind kind, String message, Duration latency)
            implements ExternalRoutingOutcome
    {
        public Failed
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(message, "message is null");
            requireNonNull(latency, "latency is null");
        }
    }

    enum FailureKind
    {
        /** No complete answer within {@code routing.external.timeout}. */
        TIMEOUT,
        /** The service could not be reached (refused, unknown host, no route). */
        CONNECT,
        /** An HTTP status other than 2xx. */
        BAD_STATUS,
        /** The body is not JSON in the contract's shape, or is too large. */
        BAD_JSON,
        /** Anything else, such as a connection closed in the middle of the answer. */
        OTHER;

        /** For metrics and the dry run, e.g. {@code bad-status}. */
        public String label()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
