package io.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.audit.AuditChange;
import io.junction.audit.AuditLogDao;
import io.junction.cluster.FleetChangeException;
import io.junction.store.Store;
import io.junction.store.StoreVersionDao;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Changes the rule set kept in the store. Every change (one rule created, replaced or deleted,
 * the whole set replaced, a rollback) writes a new immutable version of the whole set, after
 * compiling it exactly as a rules file is compiled: a set with any problem is refused whole,
 * naming every problem, and nothing is written. The version, its audit entry (the set before
 * and after) and the store version move in one transaction; then this node's rules are
 * refreshed at once, and every other node's within {@code routing.rules-refresh-interval}.
 * <p>
 * Blocking (JDBC): used by the admin API, never on the request path. Thread-safe; concurrent
 * changes, on any node, are serialised by the store version's row lock.
 *
 * @throws io.junction.store.StoreUnavailableException from every method when the store cannot be reached
 */
public final class RuleAdministration
{
    public static final String ENTITY_TYPE = "routing-rules";
    public static final String ENTITY_NAME = "rules";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final RuleVersionDao ruleVersions;
    private final RoutingGroupDao groups;
    private final AuditLogDao audit;
    private final StoreVersionDao versions;
    private final RuleDocuments documents;
    private final InstantSource clock;
    private final Runnable afterChange;

    public RuleAdministration(Store store, RuleVersionDao ruleVersions, RoutingGroupDao groups, AuditLogDao audit, StoreVersionDao versions, RuleDocuments documents,
            InstantSource clock, Runnable afterChange)
    {
        this.store = requireNonNull(store, "store is null");
        this.ruleVersions = requireNonNull(ruleVersions, "ruleVersions is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.documents = requireNonNull(documents, "documents is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.afterChange = requireNonNull(afterChange, "afterChange is null");
    }

    public RuleDocuments documents()
    {
        return documents;
    }

    public Optional<RuleVersion> find(long version)
    {
        return store.withHandle(handle -> ruleVersions.find(handle, version));
    }

    public Optional<RuleVersion> findLatest()
    {
        return store.withHandle(ruleVersions::findLatest);
    }

    /**
     * Versions older than {@code before}, newest first.
     */
    public List<RuleVersion.Summary> list(Optional<Long> before, int limit)
    {
        return store.withHandle(handle -> ruleVersions.list(handle, before, limit));
    }

    /**
     * Replaces the whole set.
     *
     * @return the new version
     * @throws InvalidRulesException naming every problem; nothing is written
     */
    public long replaceAll(JsonNode rules, Optional<String> comment, String actor)
    {
        if (!rules.isArray()) {
            throw new InvalidRulesException(List.of(new RuleProblem(Optional.empty(), "'rules' must be a list of rules")));
        }
        return change(actor, comment.orElse("replaced the rule set"), _ -> (ArrayNode) rules);
    }

    /**
     * Adds one rule after the others (among rules of equal priority it is evaluated last).
     *
     * @throws FleetChangeException (conflict) if a rule of that name exists
     */
    public long create(JsonNode rule, Optional<String> comment, String actor)
    {
        String name = ruleName(rule);
        return change(actor, comment.orElse("created rule '" + name + "'"), current -> {
            if (indexOf(current, name) >= 0) {
                throw new FleetChangeException(FleetChangeException.Kind.CONFLICT, "rule '" + name + "' already exists");
            }
            ArrayNode next = current.deepCopy();
            next.add(rule);
            return next;
        });
    }

    /**
     * Replaces one rule in place. The rule may get a new name if no other rule has it.
     *
     * @throws FleetChangeException not found if no rule has the name; conflict if the new name is taken
     */
    public long replace(String name, JsonNode rule, Optional<String> comment, String actor)
    {
        ObjectNode named = objectOf(rule).deepCopy();
        if (!named.has("name")) {
            named.put("name", name);
        }
        String newName = ruleName(named);
        return change(actor, comment.orElse(newName.equals(name) ? "replaced rule '" + name + "'" : "replaced rule '" + name + "' by '" + newName + "'"), current -> {
            int position = indexOf(current, name);
            if (position < 0) {
                throw notFound(name);
            }
            if (!newName.equals(name) && indexOf(current, newName) >= 0) {
                throw new FleetChangeException(FleetChangeException.Kind.CONFLICT, "cannot rename rule '" + name + "' to '" + newName + "': that rule exists");
            }
            ArrayNode next = current.deepCopy();
            next.set(position, named);
            return next;
        });
    }

    /**
     * @throws FleetChangeException (not found) if no rule has the name
     */
    public long delete(String name, Optional<String> comment, String actor)
    {
        return change(actor, comment.orElse("deleted rule '" + name + "'"), current -> {
            int position = indexOf(current, name);
            if (position < 0) {
                throw notFound(name);
            }
            ArrayNode next = current.deepCopy();
            next.remove(position);
            return next;
        });
    }

    /**
     * Writes a new version whose rules are those of {@code version}.
     *
     * @throws FleetChangeException (not found) if there is no such version
     * @throws InvalidRulesException if that version no longer compiles
     */
    public long rollback(long version, Optional<String> comment, String actor)
    {
        return change(actor, comment.orElse("rolled back to version " + version), (handle, _) -> ruleVersions.find(handle, version)
                .map(target -> (ArrayNode) RuleDocuments.read(target.rulesJson()))
                .orElseThrow(() -> new FleetChangeException(FleetChangeException.Kind.NOT_FOUND, "rule set version " + version + " does not exist")));
    }

    /**
     * Imports a rules file into a store that has no rule set yet: its rules become version 1 and
     * its groups' settings (policy, hash key, weights, fallback) are stored, creating the groups
     * not declared yet; a declared group keeps its description unless the file has one. A store
     * that has a rule set is left alone, so every node may import the same file at startup.
     *
     * @return the version written, or empty if the store had rules
     */
    public OptionalLong importRuleSet(RuleSet file, String actor)
    {
        OptionalLong imported = store.inTransaction(handle -> {
            versions.increment(handle);
            if (ruleVersions.loadLatestNumber(handle).isPresent()) {
                return OptionalLong.empty();
            }
            Instant now = clock.instant();
            for (RoutingGroup settings : file.groups().values()) {
                Optional<RoutingGroupDefinition> before = groups.find(handle, settings.name());
                String description = settings.description().isEmpty() ? before.map(RoutingGroupDefinition::description).orElse("") : settings.description();
                RoutingGroupDefinition after = new RoutingGroupDefinition(settings.name(), description, settings);
                if (before.isEmpty()) {
                    groups.insert(handle, after, now);
                }
                else {
                    groups.update(handle, after, now);
                }
                audit.append(handle, now, actor, before.isEmpty() ? AuditChange.CREATE : AuditChange.UPDATE, RoutingGroupAdministration.ENTITY_TYPE, settings.name(),
                        before.map(RoutingGroupAdministration::toJson), Optional.of(RoutingGroupAdministration.toJson(after)));
            }
            ArrayNode rules = RuleDocuments.toJson(file.rules());
            String comment = "imported from " + file.origin();
            ruleVersions.insert(handle, new RuleVersion(1, now, actor, comment.length() > RuleVersion.MAX_COMMENT_LENGTH ? comment.substring(0, RuleVersion.MAX_COMMENT_LENGTH) : comment,
                    file.rules().size(), RuleDocuments.toJsonText(rules)));
            audit.append(handle, now, actor, AuditChange.CREATE, ENTITY_TYPE, ENTITY_NAME, Optional.empty(), Optional.of(document(1, comment, rules)));
            return OptionalLong.of(1);
        });
        afterChange.run();
        return imported;
    }

    private long change(String actor, String comment, UnaryOperator<ArrayNode> edit)
    {
        return change(actor, comment, (_, current) -> edit.apply(current));
    }

    /**
     * @param edit the next rules from the current ones (an empty array before the first version)
     */
    private long change(String actor, String comment, BiFunction<Handle, ArrayNode, ArrayNode> edit)
    {
        if (comment.length() > RuleVersion.MAX_COMMENT_LENGTH) {
            throw new IllegalArgumentException("the comment is longer than " + RuleVersion.MAX_COMMENT_LENGTH + " characters");
        }
        long created = store.inTransaction(handle -> {
            // first: takes the version row's lock, so concurrent changes on other nodes queue here
            versions.increment(handle);
            Optional<RuleVersion> latest = ruleVersions.findLatest(handle);
            ArrayNode current = latest.map(version -> (ArrayNode) RuleDocuments.read(version.rulesJson())).orElseGet(JSON::createArrayNode);
            ArrayNode next = edit.apply(handle, current);
            List<RoutingRule> compiled = documents.compile(next, "rule set");
            ArrayNode canonical = RuleDocuments.toJson(compiled);
            long number = latest.map(version -> version.version() + 1).orElse(1L);
            Instant now = clock.instant();
            ruleVersions.insert(handle, new RuleVersion(number, now, actor, comment, compiled.size(), RuleDocuments.toJsonText(canonical)));
            audit.append(handle, now, actor, latest.isEmpty() ? AuditChange.CREATE : AuditChange.UPDATE, ENTITY_TYPE, ENTITY_NAME,
                    latest.map(version -> document(version.version(), version.comment(), current)),
                    Optional.of(document(number, comment, canonical)));
            return number;
        });
        afterChange.run();
        return created;
    }

    private static String document(long version, String comment, ArrayNode rules)
    {
        ObjectNode document = JSON.createObjectNode();
        document.put("version", version);
        document.put("comment", comment);
        document.set("rules", rules);
        return RuleDocuments.toJsonText(document);
    }

    private static int indexOf(ArrayNode rules, String name)
    {
        for (int i = 0; i < rules.size(); i++) {
            if (RuleSetParser.text(rules.get(i), "name").filter(name::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode objectOf(JsonNode rule)
    {
        if (rule == null || !rule.isObject()) {
            throw new InvalidRulesException(List.of(new RuleProblem(Optional.empty(), "a rule must be a JSON object")));
        }
        return (ObjectNode) rule;
    }

    private static String ruleName(JsonNode rule)
    {
        return RuleSetParser.text(objectOf(rule), "name")
                .orElseThrow(() -> new InvalidRulesException(List.of(new RuleProblem(Optional.empty(), "'name' is required"))));
    }

    private static FleetChangeException notFound(String name)
    {
        return new FleetChangeException(FleetChangeException.Kind.NOT_FOUND, "rule '" + name + "' does not exist");
    }
}
