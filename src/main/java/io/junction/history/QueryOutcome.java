package io.junction.history;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a query ended, as its final reply (or the client's cancel) showed it.
 *
 * @param state Trino's final {@code stats.state} ({@code FINISHED}, {@code FAILED}), or
 *        {@code CANCELED}, or {@code UNKNOWN} when the final reply could not be read
 * @param errorCode Trino's {@code error.errorName}
 */
public record QueryOutcome(String state, Optional<String> errorCode, Optional<String> errorMessage)
{
    public static final QueryOutcome CANCELED = new QueryOutcome("CANCELED", Optional.empty(), Optional.of("cancelled by the client"));

    public QueryOutcome
    {
        requireNonNull(state, "state is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
    }
}
