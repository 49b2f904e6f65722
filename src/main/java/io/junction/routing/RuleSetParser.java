package io.junction.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads a rules document (YAML, or JSON which is YAML too) with {@code groups:} and {@code rules:}
 * into a {@link RuleSet}, compiling every condition. Every problem of the document is collected and
 * reported at once, each naming its rule or group; a document with any problem is refused whole.
 * <p>
 * Thread-safe.
 */
public final class RuleSetParser
{
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_LEVEL = Set.of("groups", "rules");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "description", "policy", "hash-key", "weights", "fallback");
    private static final Set<String> RULE_FIELDS = Set.of("name", "description", "priority", "condition", "actions", "continue");

    private final RuleLanguage language = new RuleLanguage();

    /**
     * @throws RuleSetException listing every problem
     */
    public RuleSet parse(String document, String origin)
    {
        requireNonNull(document, "document is null");
        JsonNode root;
        try {
            root = YAML.readTree(document);
        }
        catch (JsonProcessingException e) {
            throw new RuleSetException(List.of(origin + ": not valid YAML or JSON: " + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new RuleSet(Map.of(), List.of(), origin);
        }
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new RuleSetException(List.of(origin + ": must be a map with 'groups' and 'rules'"));
        }
        unknownFields(root, TOP_LEVEL, origin, problems);
        Map<String, RoutingGroup> groups = groups(root.path("groups"), problems);
        List<RoutingRule> rules = rules(root.path("rules"), problems);
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        return new RuleSet(groups, rules, origin);
    }

    private Map<String, RoutingGroup> groups(JsonNode node, List<String> problems)
    {
        Map<String, RoutingGroup> groups = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return groups;
        }
        if (!node.isArray()) {
            problems.add("groups: must be a list");
            return groups;
        }
        int index = 0;
        for (JsonNode entry : node) {
            index++;
            String label = "group #" + index;
            if (!entry.isObject()) {
                problems.add(label + ": must be a map");
                continue;
            }
            Optional<String> name = text(entry, "name");
            if (name.isEmpty()) {
                problems.add(label + ": 'name' is required");
                continue;
            }
            label = "group '" + name.get() + "'";
            unknownFields(entry, GROUP_FIELDS, label, problems);
            if (groups.containsKey(name.get())) {
                problems.add(label + ": defined twice");
                continue;
            }
            String policyName = text(entry, "policy").orElse("least-loaded");
            Optional<RoutingGroup.SelectionPolicy> policy = RoutingGroup.SelectionPolicy.fromConfigName(policyName);
            if (policy.isEmpty()) {
                problems.add(label + ": unknown policy '" + policyName + "' (least-loaded, round-robin, weighted, consistent-hash)");
            }
            String keyName = text(entry, "hash-key").orElse("user");
            Optional<RoutingGroup.HashKey> hashKey = RoutingGroup.HashKey.fromConfigName(keyName);
            if (hashKey.isEmpty()) {
                problems.add(label + ": unknown hash-key '" + keyName + "' (user, source, client-tag, trace-token)");
            }
            Map<String, Integer> weights = new LinkedHashMap<>();
            JsonNode weightNode = entry.path("weights");
            if (!weightNode.isMissingNode()) {
                if (!weightNode.isObject()) {
                    problems.add(label + ": 'weights' must map cluster names to non-negative integers");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = weightNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> weight = it.next();
                    if (!weight.getValue().canConvertToInt() || !weight.getValue().isIntegralNumber() || weight.getValue().asInt() < 0) {
                        problems.add(label + ": weight of cluster '" + weight.getKey() + "' must be a non-negative integer");
                        continue;
                    }
                    weights.put(weight.getKey(), weight.getValue().asInt());
                }
            }
            if (policy.isPresent() && hashKey.isPresent()) {
                groups.put(name.get(), new RoutingGroup(name.get(), text(entry, "description").orElse(""), policy.get(), hashKey.get(), weights,
                        text(entry, "fallback")));
            }
        }
        checkFallbacks(groups, problems);
        return groups;
    }

    static void checkFallbacks(Map<String, RoutingGroup> groups, List<String> problems)
    {
        for (RoutingGroup group : groups.values()) {
            Set<String> seen = new HashSet<>();
            seen.add(group.name());
            Optional<String> next = group.fallback();
            while (next.isPresent()) {
                if (!seen.add(next.get())) {
                    problems.add("group '" + group.name() + "': fallback chain loops back to '" + next.get() + "'");
                    break;
                }
                next = Optional.ofNullable(groups.get(next.get())).flatMap(RoutingGroup::fallback);
            }
        }
    }

    private List<RoutingRule> rules(JsonNode node, List<String> problems)
    {
        List<RoutingRule> rules = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            problems.add("rules: must be a list");
            return rules;
        }
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode entry : node) {
            index++;
            if (!entry.isObject()) {
                problems.add("rule #" + index + ": must be a map");
                continue;
            }
            Optional<String> name = text(entry, "name");
            if (name.isEmpty()) {
                problems.add("rule #" + index + ": 'name' is required");
                continue;
            }
            String label = "rule '" + name.get() + "'";
            if (!names.add(name.get())) {
                problems.add(label + ": the name is used by more than one rule");
                continue;
            }
            rule(entry, name.get(), label, problems).ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<RoutingRule> rule(JsonNode entry, String name, String label, List<String> problems)
    {
        int before = problems.size();
        unknownFields(entry, RULE_FIELDS, label, problems);
        JsonNode priority = entry.path("priority");
        if (!priority.isMissingNode() && !priority.isIntegralNumber()) {
            problems.add(label + ": 'priority' must be an integer");
        }
        JsonNode continueNode = entry.path("continue");
        if (!continueNode.isMissingNode() && !continueNode.isBoolean()) {
            problems.add(label + ": 'continue' must be true or false");
        }
        Optional<String> condition = text(entry, "condition");
        RuleLanguage.Result compiled = null;
        if (condition.isEmpty()) {
            problems.add(label + ": 'condition' is required (use 'true' to match every query)");
        }
        else {
            compiled = language.compile(condition.get());
            compiled.problems().forEach(problem -> problems.add(label + ": condition: " + problem));
        }
        List<RuleAction> actions = RuleActionParser.parse(entry.path("actions"), label, problems);
        if (problems.size() > before || compiled == null || compiled.compiled().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RoutingRule(name, text(entry, "description").orElse(""), priority.asInt(0), condition.get(), actions,
                continueNode.asBoolean(false), compiled.compiled().get().program(), compiled.compiled().get().variables(),
                compiled.compiled().get().guard()));
    }

    static Optional<String> text(JsonNode node, String field)
    {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String label, List<String> problems)
    {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!known.contains(field)) {
                problems.add(label + ": unknown field '" + field + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
