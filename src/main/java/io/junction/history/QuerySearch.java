package io.junction.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A page of the query history, newest first. Every filter is optional; they combine with AND.
 *
 * @param from submitted at or after
 * @param to submitted before
 * @param state a state name, any case
 * @param text a piece of the SQL text or of the query id, any case
 * @param before the {@code nextBefore} cursor of the previous page
 */
public record QuerySearch(
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> user,
        Optional<String> source,
        Optional<String> cluster,
        Optional<String> group,
        Optional<String> state,
        Optional<String> text,
        Optional<Cursor> before,
        int limit)
{
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public QuerySearch
    {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(group, "group is null");
        requireNonNull(state, "state is null");
        requireNonNull(text, "text is null");
        requireNonNull(before, "before is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    public static QuerySearch newest(int limit)
    {
        return new Builder().limit(limit).build();
    }

    public static final class Builder
    {
        private Optional<Instant> from = Optional.empty();
        private Optional<Instant> to = Optional.empty();
        private Optional<String> user = Optional.empty();
        private Optional<String> source = Optional.empty();
        private Optional<String> cluster = Optional.empty();
        private Optional<String> group = Optional.empty();
        private Optional<String> state = Optional.empty();
        private Optional<String> text = Optional.empty();
        private Optional<Cursor> before = Optional.empty();
        private int limit = DEFAULT_LIMIT;

        public Builder from(Instant value)
        {
            from = Optional.of(value);
            return this;
        }

        public Builder to(Instant value)
        {
            to = Optional.of(value);
            return this;
        }

        public Builder user(String value)
        {
            user = Optional.of(value);
            return this;
        }

        public Builder source(String value)
        {
            source = Optional.of(value);
            return this;
        }

        public Builder cluster(String value)
        {
            cluster = Optional.of(value);
            return this;
        }

        public Builder group(String value)
        {
            group = Optional.of(value);
            return this;
        }

        public Builder state(String value)
        {
            state = Optional.of(value);
            return this;
        }

        public Builder text(String value)
        {
            text = Optional.of(value);
            return this;
        }

        public Builder before(Optional<Cursor> value)
        {
            before = value;
            return this;
        }

        public Builder limit(int value)
        {
            limit = value;
            return this;
        }

        public QuerySearch build()
        {
            return new QuerySearch(from, to, user, source, cluster, group, state, text, before, limit);
        }
    }

    /**
     * Where a page ended: the last record's submission time and query id. Opaque to clients.
     */
    public record Cursor(long submittedAtMillis, String queryId)
    {
        public Cursor
        {
            requireNonNull(queryId, "queryId is null");
        }

        public static Cursor after(QueryRecord record)
        {
            return new Cursor(record.submittedAt().toEpochMilli(), record.queryId());
        }

        public String encode()
        {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((submittedAtMillis + ":" + queryId).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @throws IllegalArgumentException if the text is not a cursor this class made
         */
        public static Cursor decode(String text)
        {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon <= 0 || colon == decoded.length() - 1) {
                    throw new IllegalArgumentException("malformed");
                }
                return new Cursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'before' is not a cursor of this API (use the nextBefore of the previous page): " + text, e);
            }
        }
    }
}
