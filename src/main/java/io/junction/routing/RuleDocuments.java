package io.junction.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Rules as JSON documents, the shape of the rules file's {@code rules:} entries
 * ({@code name, description, priority, condition, continue, actions}), which is also how the
 * admin API and the store show them: compiled with {@link RuleSetParser} (so a rule is valid
 * here exactly when it is valid in a file) and rendered back from compiled rules.
 * <p>
 * Thread-safe.
 */
public final class RuleDocuments
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuleSetParser parser;
    private final RuleLanguage language = new RuleLanguage();

    public RuleDocuments(RuleSetParser parser)
    {
        this.parser = requireNonNull(parser, "parser is null");
    }

    /**
     * Compiles a JSON array of rules, in evaluation order.
     *
     * @throws InvalidRulesException naming every problem
     */
    public List<RoutingRule> compile(JsonNode rules, String origin)
    {
        requireNonNull(rules, "rules is null");
        if (!rules.isArray()) {
            throw new InvalidRulesException(List.of(new RuleProblem(Optional.empty(), "'rules' must be a list of rules")));
        }
        ObjectNode document = JSON.createObjectNode();
        document.set("rules", rules);
        try {
            return parser.parse(JSON.writeValueAsString(document), origin).rules();
        }
        catch (RuleSetException e) {
            throw new InvalidRulesException(e.problems().stream().map(problem -> toProblem(problem, rules)).toList());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return every problem of the rules; empty when they compile
     */
    public List<RuleProblem> validate(JsonNode rules)
    {
        try {
            compile(rules, "validation");
            return List.of();
        }
        catch (InvalidRulesException e) {
            return e.problems();
        }
    }

    /**
     * @return every problem of one condition; empty when it compiles
     */
    public List<RuleProblem> validateCondition(String condition)
    {
        if (condition.isBlank()) {
            return List.of(new RuleProblem(Optional.empty(), "the condition is empty (use 'true' to match every query)"));
        }
        return language.compile(condition).problems().stream().map(problem -> new RuleProblem(Optional.empty(), problem)).toList();
    }

    /**
     * Compiles rules kept as JSON text (a version in the store).
     *
     * @throws InvalidRulesException naming every problem
     */
    public List<RoutingRule> compile(String rulesJson, String origin)
    {
        return compile(read(rulesJson), origin);
    }

    public static JsonNode read(String rulesJson)
    {
        try {
            return JSON.readTree(rulesJson);
        }
        catch (JsonProcessingException e) {
            throw new InvalidRulesException(List.of(new RuleProblem(Optional.empty(), "not valid JSON: " + e.getOriginalMessage())));
        }
    }

    public static ArrayNode toJson(List<RoutingRule> rules)
    {
        ArrayNode array = JSON.createArrayNode();
        rules.forEach(rule -> array.add(toJson(rule)));
        return array;
    }

    public static ObjectNode toJson(RoutingRule rule)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", rule.name());
        if (!rule.description().isEmpty()) {
            node.put("description", rule.description());
        }
        node.put("priority", rule.priority());
        node.put("condition", rule.condition());
        node.put("continue", rule.continueMatching());
        ArrayNode actions = node.putArray("actions");
        for (RuleAction action : rule.actions()) {
            ObjectNode item = actions.addObject();
            switch (action) {
                case RuleAction.RouteTo route -> item.put("route", route.group());
                case RuleAction.SetHeader set -> item.putObject("set-header").put("name", set.name()).put("value", set.value());
                case RuleAction.RemoveHeader remove -> item.put("remove-header", remove.name());
                case RuleAction.SetSessionProperty set -> item.putObject("set-session-property").put("name", set.name()).put("value", set.value());
                case RuleAction.AddClientTag tag -> item.put("add-client-tag", tag.tag());
                case RuleAction.Reject reject -> item.put("reject", reject.message());
            }
        }
        return node;
    }

    public static String toJsonText(JsonNode node)
    {
        try {
            return JSON.writeValueAsString(node);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Splits the parser's {@code rule 'name': message} into the rule and the message. The names
     * come from the document itself, so a name with quotes or colons is matched whole.
     */
    private static RuleProblem toProblem(String problem, JsonNode rules)
    {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : rules) {
            RuleSetParser.text(rule, "name").ifPresent(names::add);
        }
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            String prefix = "rule '" + name + "': ";
            if (problem.startsWith(prefix)) {
                return new RuleProblem(Optional.of(name), problem.substring(prefix.length()));
            }
        }
        return new RuleProblem(Optional.empty(), problem);
    }
}
