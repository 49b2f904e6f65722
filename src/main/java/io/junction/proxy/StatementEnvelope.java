package io.junction.proxy;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The head of a Trino {@code QueryResults} reply: the fields a gateway routes by.
 * Trino writes them first ({@code id, infoUri, partialCancelUri, nextUri}, then
 * {@code columns, data, stats, ...}), so they are known after a few hundred bytes.
 *
 * @param nextUri absent means the query is over (finished or failed)
 */
public record StatementEnvelope(
        Optional<String> queryId,
        Optional<UriField> infoUri,
        Optional<UriField> partialCancelUri,
        Optional<UriField> nextUri)
{
    public StatementEnvelope
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(infoUri, "infoUri is null");
        requireNonNull(partialCancelUri, "partialCancelUri is null");
        requireNonNull(nextUri, "nextUri is null");
    }

    public boolean isTerminal()
    {
        return nextUri.isEmpty();
    }

    /**
     * A URI-valued string field and where its JSON string token (quotes included) sits in
     * the uncompressed head of the reply.
     */
    public record UriField(String name, String value, int start, int end)
    {
        public UriField
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }
}
