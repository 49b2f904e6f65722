package io.junction.routing;

import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Analyze;
import io.trino.sql.tree.CreateMaterializedView;
import io.trino.sql.tree.CreateTable;
import io.trino.sql.tree.CreateTableAsSelect;
import io.trino.sql.tree.CreateView;
import io.trino.sql.tree.Delete;
import io.trino.sql.tree.DescribeInput;
import io.trino.sql.tree.DescribeOutput;
import io.trino.sql.tree.DropTable;
import io.trino.sql.tree.DropView;
import io.trino.sql.tree.Execute;
import io.trino.sql.tree.ExecuteImmediate;
import io.trino.sql.tree.Explain;
import io.trino.sql.tree.ExplainAnalyze;
import io.trino.sql.tree.Insert;
import io.trino.sql.tree.Merge;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.RefreshMaterializedView;
import io.trino.sql.tree.RenameTable;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.TableExecute;
import io.trino.sql.tree.TruncateTable;
import io.trino.sql.tree.Update;
import io.trino.sql.tree.Use;
import io.trino.sql.tree.WithQuery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes {@link SqlFacts} with Trino's own parser. Pure; a parse failure is a fact, never
 * an exception.
 * <p>
 * CTE names are excluded by name for the whole statement (a table named like a CTE of the same
 * statement is not reported unless it is qualified). Unqualified names take the catalog and schema
 * of {@code X-Trino-Catalog} / {@code X-Trino-Schema}; when those are missing the name stays as
 * qualified as it was written.
 */
final class SqlFactsParser
{
    private static final SqlParser PARSER = new SqlParser();

    private SqlFactsParser() {}

    static SqlFacts parse(String sql, Optional<String> defaultCatalog, Optional<String> defaultSchema, Map<String, String> preparedStatements)
    {
        Statement statement;
        try {
            statement = PARSER.createStatement(stripTerminator(sql));
            if (statement instanceof Execute execute) {
                String name = execute.getName().getValue();
                String prepared = findPrepared(preparedStatements, name);
                if (prepared == null) {
                    return SqlFacts.failed("EXECUTE of prepared statement '" + name + "', which X-Trino-Prepared-Statement does not carry");
                }
                try {
                    prepared = PreparedStatementDecoder.decode(prepared);
                }
                catch (IllegalArgumentException e) {
                    return SqlFacts.failed("cannot decode the compressed prepared statement '" + name + "': " + e.getMessage());
                }
                statement = PARSER.createStatement(prepared);
            }
            else if (statement instanceof ExecuteImmediate immediate) {
                statement = PARSER.createStatement(immediate.getStatement().getValue());
            }
        }
        catch (ParsingException e) {
            return SqlFacts.failed(e.getMessage());
        }
        catch (RuntimeException | StackOverflowError e) {
            return SqlFacts.failed("cannot parse the statement: " + e);
        }
        Names names = new Names(defaultCatalog, defaultSchema);
        Set<String> cteNames = new HashSet<>();
        List<QualifiedName> referenced = new ArrayList<>();
        collect(statement, cteNames, referenced);
        targetOf(statement).ifPresent(referenced::add);
        for (QualifiedName name : referenced) {
            if (name.getParts().size() == 1 && cteNames.contains(name.getParts().getFirst().toLowerCase(Locale.ROOT))) {
                continue;
            }
            names.addTable(name.getParts());
        }
        if (statement instanceof Use use) {
            names.addSchema(use.getCatalog().map(identifier -> identifier.getValue().toLowerCase(Locale.ROOT)).or(() -> defaultCatalog),
                    use.getSchema().getValue().toLowerCase(Locale.ROOT));
        }
        return new SqlFacts(true, Optional.empty(), statementType(statement), statement.getClass().getSimpleName(),
                List.copyOf(names.catalogs), List.copyOf(names.schemas), List.copyOf(names.tables));
    }

    private static String stripTerminator(String sql)
    {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String findPrepared(Map<String, String> preparedStatements, String name)
    {
        for (Map.Entry<String, String> entry : preparedStatements.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void collect(Node node, Set<String> cteNames, List<QualifiedName> tables)
    {
        if (node instanceof WithQuery with) {
            cteNames.add(with.getName().getValue().toLowerCase(Locale.ROOT));
        }
        if (node instanceof Table table) {
            tables.add(table.getName());
        }
        for (Node child : node.getChildren()) {
            collect(child, cteNames, tables);
        }
    }

    /**
     * The table a statement writes or defines, which is not always among its children.
     */
    private static Optional<QualifiedName> targetOf(Statement statement)
    {
        return switch (statement) {
            case Insert insert -> Optional.of(insert.getTarget());
            case CreateTableAsSelect create -> Optional.of(create.getName());
            case CreateTable create -> Optional.of(create.getName());
            case CreateView create -> Optional.of(create.getName());
            case CreateMaterializedView create -> Optional.of(create.getName());
            case DropTable drop -> Optional.of(drop.getTableName());
            case DropView drop -> Optional.of(drop.getName());
            case RenameTable rename -> Optional.of(rename.getSource());
            case TruncateTable truncate -> Optional.of(truncate.getTableName());
            case Analyze analyze -> Optional.of(analyze.getTableName());
            case RefreshMaterializedView refresh -> Optional.of(refresh.getName());
            default -> Optional.empty();
        };
    }

    /**
     * Trino's resource-group query type (io.trino.util.StatementUtils), for the common statements.
     */
    private static String statementType(Statement statement)
    {
        return switch (statement) {
            case Query _ -> "SELECT";
            case ExplainAnalyze _, Explain _ -> "EXPLAIN";
            case DescribeInput _, DescribeOutput _ -> "DESCRIBE";
            case Insert _, CreateTableAsSelect _, RefreshMaterializedView _ -> "INSERT";
            case Update _ -> "UPDATE";
            case Delete _ -> "DELETE";
            case Merge _ -> "MERGE";
            case Analyze _ -> "ANALYZE";
            case TableExecute _ -> "ALTER_TABLE_EXECUTE";
            default -> statement.getClass().getSimpleName().startsWith("Show") ? "DESCRIBE" : "DATA_DEFINITION";
        };
    }

    private static final class Names
    {
        private final Optional<String> defaultCatalog;
        private final Optional<String> defaultSchema;
        private final Set<String> catalogs = new TreeSet<>();
        private final Set<String> schemas = new TreeSet<>();
        private final Set<String> tables = new TreeSet<>();

        private Names(Optional<String> defaultCatalog, Optional<String> defaultSchema)
        {
            this.defaultCatalog = defaultCatalog.map(value -> value.toLowerCase(Locale.ROOT));
            this.defaultSchema = defaultSchema.map(value -> value.toLowerCase(Locale.ROOT));
        }

        void addTable(List<String> parts)
        {
            List<String> lower = parts.stream().map(part -> part.toLowerCase(Locale.ROOT)).toList();
            Optional<String> catalog = lower.size() >= 3 ? Optional.of(lower.get(lower.size() - 3)) : defaultCatalog;
            Optional<String> schema = lower.size() >= 2 ? Optional.of(lower.get(lower.size() - 2)) : defaultSchema;
            String table = lower.getLast();
            catalog.ifPresent(catalogs::add);
            if (schema.isPresent()) {
                schemas.add(catalog.map(value -> value + ".").orElse("") + schema.get());
            }
            StringBuilder name = new StringBuilder();
            catalog.filter(_ -> schema.isPresent()).ifPresent(value -> name.append(value).append('.'));
            schema.ifPresent(value -> name.append(value).append('.'));
            tables.add(name.append(table).toString());
        }

        void addSchema(Optional<String> catalog, String schema)
        {
            catalog.ifPresent(catalogs::add);
            schemas.add(catalog.map(value -> value + ".").orElse("") + schema);
        }
    }
}
