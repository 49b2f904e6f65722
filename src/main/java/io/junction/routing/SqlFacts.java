package io.junction.routing;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What Trino's own parser tells about a statement, syntactically (views are not expanded).
 *
 * @param parsed whether parsing succeeded; when false every other field is empty
 * @param error why parsing failed
 * @param statementType the resource-group query type: {@code SELECT}, {@code EXPLAIN}, {@code DESCRIBE},
 *        {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code ANALYZE},
 *        {@code DATA_DEFINITION}, {@code ALTER_TABLE_EXECUTE}, or {@code UNKNOWN}
 * @param statementClass the parser's class name, e.g. {@code Query}, {@code CreateTableAsSelect}
 * @param catalogs catalogs named or implied by defaults, sorted
 * @param schemas {@code catalog.schema} names, sorted
 * @param tables fully qualified {@code catalog.schema.table} names (CTE names excluded), sorted
 */
public record SqlFacts(
        boolean parsed,
        Optional<String> error,
        String statementType,
        String statementClass,
        List<String> catalogs,
        List<String> schemas,
        List<String> tables)
{
    public SqlFacts
    {
        requireNonNull(error, "error is null");
        requireNonNull(statementType, "statementType is null");
        requireNonNull(statementClass, "statementClass is null");
        catalogs = List.copyOf(requireNonNull(catalogs, "catalogs is null"));
        schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
    }

    public static SqlFacts failed(String error)
    {
        return new SqlFacts(false, Optional.of(error), "UNKNOWN", "", List.of(), List.of(), List.of());
    }
}
