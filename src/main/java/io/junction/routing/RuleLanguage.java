package io.junction.routing;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.RegexLiteralValidator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL environment of rule conditions: the variables a condition may use (a typed view of
 * the {@link RoutingRequest}) and how a condition is compiled and evaluated. CEL has no loops,
 * no I/O and no side effects, and every expression is type-checked before it runs.
 * <p>
 * Thread-safe: the compiled programs are immutable.
 */
final class RuleLanguage
{
    /** Variables that need the SQL text parsed; reading one parses the statement once. */
    static final Set<String> SQL_FACT_VARIABLES = Set.of("statement_type", "statement_class", "catalogs", "schemas", "tables", "sql_parsed", "sql_error");

    private static final CelType STRINGS = ListType.create(SimpleType.STRING);
    private static final CelType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);
    static final Map<String, CelType> VARIABLES = variables();

    private final Cel cel;
    private final CelValidator validator;

    RuleLanguage()
    {
        var builder = CelFactory.standardCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        VARIABLES.forEach(builder::addVar);
        this.cel = builder.build();
        this.validator = CelValidatorFactory.standardCelValidatorBuilder(cel)
                .addAstValidators(RegexLiteralValidator.INSTANCE)
                .build();
    }

    private static Map<String, CelType> variables()
    {
        Map<String, CelType> variables = new LinkedHashMap<>();
        for (String name : List.of("user", "source", "client_info", "catalog", "schema", "path", "trace_token", "transaction_id",
                "routing_group", "remote_address", "sql", "statement_type", "statement_class", "sql_error")) {
            variables.put(name, SimpleType.STRING);
        }
        variables.put("client_tags", STRINGS);
        variables.put("catalogs", STRINGS);
        variables.put("schemas", STRINGS);
        variables.put("tables", STRINGS);
        variables.put("session", STRING_MAP);
        variables.put("resource_estimates", STRING_MAP);
        variables.put("headers", STRING_MAP);
        variables.put("sql_parsed", SimpleType.BOOL);
        return Map.copyOf(variables);
    }

    record Compiled(CelRuntime.Program program, Set<String> variables, Optional<RuleIndex.Guard> guard) {}

    /**
     * Compiles, type-checks and validates one condition.
     *
     * @return the program, or the problems (never both)
     */
    Result compile(String condition)
    {
        CelValidationResult compiled = cel.compile(condition);
        if (compiled.hasError()) {
            return new Result(Optional.empty(), issues(compiled));
        }
        try {
            CelAbstractSyntaxTree ast = compiled.getAst();
            CelValidationResult validated = validator.validate(ast);
            if (validated.hasError()) {
                return new Result(Optional.empty(), issues(validated));
            }
            Set<String> used = new java.util.HashSet<>();
            for (CelReference reference : ast.getReferenceMap().values()) {
                if (VARIABLES.containsKey(reference.name())) {
                    used.add(reference.name());
                }
            }
            return new Result(Optional.of(new Compiled(cel.createProgram(ast), Set.copyOf(used), RuleIndex.guardOf(ast.getExpr()))), List.of());
        }
        catch (CelValidationException | CelEvaluationException e) {
            return new Result(Optional.empty(), List.of(e.getMessage()));
        }
    }

    record Result(Optional<Compiled> compiled, List<String> problems) {}

    private static List<String> issues(CelValidationResult result)
    {
        List<String> problems = new ArrayList<>();
        for (CelIssue issue : result.getErrors()) {
            problems.add(issue.toDisplayString(result.getSource()).replace('\n', ' ').replaceAll(" +", " "));
        }
        return problems;
    }

    /**
     * The variables of one request, resolved on demand: SQL facts are parsed only when a
     * condition reads one.
     */
    static CelVariableResolver variablesOf(RoutingRequest request)
    {
        return name -> Optional.ofNullable(switch (name) {
            case "user" -> request.user().orElse("");
            case "source" -> request.source().orElse("");
            case "client_tags" -> request.clientTags();
            case "client_info" -> request.clientInfo().orElse("");
            case "catalog" -> request.catalog().orElse("");
            case "schema" -> request.schema().orElse("");
            case "path" -> request.path().orElse("");
            case "session" -> request.sessionProperties();
            case "resource_estimates" -> request.resourceEstimates();
            case "trace_token" -> request.traceToken().orElse("");
            case "transaction_id" -> request.transactionId().orElse("");
            case "routing_group" -> request.routingGroupHeader().orElse("");
            case "remote_address" -> request.remoteAddress();
            case "headers" -> request.headers();
            case "sql" -> request.statement().text().orElse("");
            case "statement_type" -> request.statement().facts().statementType();
            case "statement_class" -> request.statement().facts().statementClass();
            case "catalogs" -> request.statement().facts().catalogs();
            case "schemas" -> request.statement().facts().schemas();
            case "tables" -> request.statement().facts().tables();
            case "sql_parsed" -> request.statement().facts().parsed();
            case "sql_error" -> request.statement().facts().error().orElse("");
            default -> null;
        });
    }
}
