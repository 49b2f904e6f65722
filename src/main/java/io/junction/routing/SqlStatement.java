package io.junction.routing;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The SQL text of a submission and its {@link SqlFacts}, computed on first use only (most
 * decisions never need them) and then kept: a query is parsed at most once.
 * <p>
 * Thread-safe: a race computes the same facts twice, harmlessly.
 */
public final class SqlStatement
{
    private final Optional<String> text;
    private final boolean truncated;
    private final Optional<String> defaultCatalog;
    private final Optional<String> defaultSchema;
    private final Map<String, String> preparedStatements;
    private volatile SqlFacts facts;

    public SqlStatement(Optional<String> text, boolean truncated, Optional<String> defaultCatalog, Optional<String> defaultSchema,
            Map<String, String> preparedStatements)
    {
        this.text = requireNonNull(text, "text is null");
        this.truncated = truncated;
        this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
        this.defaultSchema = requireNonNull(defaultSchema, "defaultSchema is null");
        this.preparedStatements = Map.copyOf(requireNonNull(preparedStatements, "preparedStatements is null"));
    }

    public static SqlStatement none()
    {
        return new SqlStatement(Optional.empty(), false, Optional.empty(), Optional.empty(), Map.of());
    }

    public Optional<String> text()
    {
        return text;
    }

    /**
     * Whether the facts were computed already (for tests and dry runs).
     */
    public boolean parsed()
    {
        return facts != null;
    }

    public SqlFacts facts()
    {
        SqlFacts current = facts;
        if (current == null) {
            current = compute();
            facts = current;
        }
        return current;
    }

    private SqlFacts compute()
    {
        if (truncated) {
            return SqlFacts.failed("the statement is larger than proxy.max-inspected-statement-size and was not parsed");
        }
        if (text.isEmpty()) {
            return SqlFacts.failed("the request carries no SQL text");
        }
        return SqlFactsParser.parse(text.get(), defaultCatalog, defaultSchema, preparedStatements);
    }
}
