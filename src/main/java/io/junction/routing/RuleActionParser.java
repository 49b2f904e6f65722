package io.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code actions:} list of one rule; each action is a one-key map.
 */
final class RuleActionParser
{
    private static final Pattern SESSION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final String KNOWN = "route, set-header, remove-header, set-session-property, add-client-tag, reject";

    private RuleActionParser() {}

    static List<RuleAction> parse(JsonNode node, String label, List<String> problems)
    {
        List<RuleAction> actions = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            problems.add(label + ": 'actions' is required");
            return actions;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(label + ": 'actions' must be a non-empty list");
            return actions;
        }
        for (JsonNode entry : node) {
            if (!entry.isObject() || entry.size() != 1) {
                problems.add(label + ": each action must be a map with one key (" + KNOWN + ")");
                continue;
            }
            Map.Entry<String, JsonNode> action = entry.fields().next();
            action(action.getKey(), action.getValue(), label, problems).ifPresent(actions::add);
        }
        return actions;
    }

    private static Optional<RuleAction> action(String type, JsonNode value, String label, List<String> problems)
    {
        String where = label + ": action '" + type + "'";
        return switch (type) {
            case "route" -> scalar(value, where, problems).map(RuleAction.RouteTo::new);
            case "reject" -> scalar(value, where, problems).map(RuleAction.Reject::new);
            case "remove-header" -> scalar(value, where, problems).filter(name -> headerName(name, where, problems)).map(RuleAction.RemoveHeader::new);
            case "add-client-tag" -> scalar(value, where, problems).filter(tag -> {
                if (tag.contains(",")) {
                    problems.add(where + ": a client tag cannot contain ','");
                    return false;
                }
                return true;
            }).map(RuleAction.AddClientTag::new);
            case "set-header" -> pair(value, where, problems)
                    .filter(pair -> headerName(pair.getKey(), where, problems) && headerValue(pair.getValue(), where, problems))
                    .map(pair -> new RuleAction.SetHeader(pair.getKey(), pair.getValue()));
            case "set-session-property" -> pair(value, where, problems)
                    .filter(pair -> {
                        if (!SESSION_NAME.matcher(pair.getKey()).matches()) {
                            problems.add(where + ": '" + pair.getKey() + "' is not a session property name (catalog properties are catalog.name)");
                            return false;
                        }
                        return true;
                    })
                    .map(pair -> new RuleAction.SetSessionProperty(pair.getKey(), pair.getValue()));
            default -> {
                problems.add(label + ": unknown action '" + type + "' (" + KNOWN + ")");
                yield Optional.empty();
            }
        };
    }

    private static Optional<String> scalar(JsonNode value, String where, List<String> problems)
    {
        if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            problems.add(where + ": needs a non-empty value");
            return Optional.empty();
        }
        return Optional.of(value.asText().trim());
    }

    private static Optional<Map.Entry<String, String>> pair(JsonNode value, String where, List<String> problems)
    {
        Optional<String> name = value.isObject() ? RuleSetParser.text(value, "name") : Optional.empty();
        JsonNode text = value.path("value");
        if (name.isEmpty() || !text.isValueNode() || text.isNull() || value.size() != 2) {
            problems.add(where + ": needs exactly {name: ..., value: ...}");
            return Optional.empty();
        }
        return Optional.of(Map.entry(name.get(), text.asText()));
    }

    private static boolean headerValue(String value, String where, List<String> problems)
    {
        if (!HeaderEdit.isValidValue(value)) {
            problems.add(where + ": the value contains a control character (such as a line break), which a header cannot carry");
            return false;
        }
        return true;
    }

    private static boolean headerName(String name, String where, List<String> problems)
    {
        if (!HeaderEdit.isValidName(name)) {
            problems.add(where + ": '" + name + "' is not a valid header name");
            return false;
        }
        if (HeaderEdit.isManagedByJunction(name)) {
            problems.add(where + ": header '" + name + "' is managed by Junction and cannot be changed by a rule");
            return false;
        }
        return true;
    }
}
