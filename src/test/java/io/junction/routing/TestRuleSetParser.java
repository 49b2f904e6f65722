package io.junction.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invalid rule documents are refused whole, every problem named; valid ones load; a file
 * reloads on change and a bad change keeps the rules in force.
 */
class TestRuleSetParser
{
    private final RuleSetParser parser = new RuleSetParser();

    @Test
    void readsGroupsAndRules()
    {
        RuleSet rules = parser.parse("""
                groups:
                  - name: etl
                    description: batch
                    policy: weighted
                    weights: {etl-1: 3, etl-2: 1}
                    fallback: adhoc
                  - name: bi
                    policy: consistent-hash
                    hash-key: client-tag
                rules:
                  - name: airflow
                    description: Airflow DAGs
                    priority: 5
                    condition: 'source == "airflow"'
                    continue: true
                    actions:
                      - route: etl
                      - set-session-property: {name: query_max_run_time, value: 2h}
                """, "test");
        assertThat(rules.group("etl")).isEqualTo(new RoutingGroup("etl", "batch", RoutingGroup.SelectionPolicy.WEIGHTED, RoutingGroup.HashKey.USER,
                Map.of("etl-1", 3, "etl-2", 1), java.util.Optional.of("adhoc")));
        assertThat(rules.group("bi").hashKey()).isEqualTo(RoutingGroup.HashKey.CLIENT_TAG);
        assertThat(rules.group("unlisted")).isEqualTo(RoutingGroup.implicit("unlisted"));
        RoutingRule rule = rules.rules().getFirst();
        assertThat(rule.name()).isEqualTo("airflow");
        assertThat(rule.priority()).isEqualTo(5);
        assertThat(rule.continueMatching()).isTrue();
        assertThat(rule.variables()).containsExactly("source");
        assertThat(rule.usesSqlFacts()).isFalse();
        assertThat(rule.actions()).containsExactly(new RuleAction.RouteTo("etl"), new RuleAction.SetSessionProperty("query_max_run_time", "2h"));
    }

    @Test
    void readsJson()
    {
        RuleSet rules = parser.parse("""
                {"rules": [{"name": "sql", "condition": "statement_type == 'INSERT'", "actions": [{"route": "etl"}]}]}
                """, "test");
        assertThat(rules.rules().getFirst().usesSqlFacts()).isTrue();
    }

    @Test
    void refusesADocumentListingEveryProblemByRule()
    {
        assertThatThrownBy(() -> parser.parse("""
                groups:
                  - {name: a, fallback: b}
                  - {name: b, fallback: a}
                  - {name: c, policy: fastest}
                  - {name: d, policy: weighted, weights: {d-1: -1, d-2: 0}}
                rules:
                  - name: type-error
                    condition: 'user == 1'
                    actions: [{route: etl}]
                  - name: not-boolean
                    condition: 'user'
                    actions: [{route: etl}]
                  - name: syntax
                    condition: 'user ==='
                    actions: [{route: etl}]
                  - name: unknown-variable
                    condition: 'usr == "x"'
                    actions: [{route: etl}]
                  - name: bad-regex
                    condition: 'user.matches("([a-z")'
                    actions: [{route: etl}]
                  - name: typo
                    condition: 'true'
                    contine: true
                    actions: [{route: etl}]
                  - name: typo
                    condition: 'true'
                    actions: [{route: etl}]
                  - name: bad-action
                    condition: 'true'
                    actions: [{send-to: etl}, {set-header: {name: X-Forwarded-Host, value: x}}, {set-session-property: {name: 'a b', value: x}},
                              {set-header: {name: Transfer-Encoding, value: chunked}}, {set-header: {name: X-Note, value: "two\\nlines"}}]
                  - name: no-actions
                    priority: high
                    condition: 'true'
                """, "routing.yaml"))
                .isInstanceOfSatisfying(RuleSetException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("group 'c': unknown policy 'fastest'"))
                        .anySatisfy(p -> assertThat(p).startsWith("group 'b': fallback chain loops back to 'b'"))
                        .anySatisfy(p -> assertThat(p).startsWith("group 'a': fallback chain loops back to 'a'"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'type-error': condition: ERROR: <input>:1:6: found no matching overload for '_==_'"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'not-boolean': condition: ERROR").contains("bool"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'syntax': condition: ERROR"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'unknown-variable': condition: ERROR").contains("undeclared reference to 'usr'"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'bad-regex': condition: ERROR").contains("Regex validation failed"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'typo': unknown field 'contine'"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("rule 'typo': the name is used by more than one rule"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'bad-action': unknown action 'send-to'"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("rule 'bad-action': action 'set-header': header 'X-Forwarded-Host' is managed by Junction and cannot be changed by a rule"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'bad-action': action 'set-session-property': 'a b' is not a session property name"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("rule 'bad-action': action 'set-header': header 'Transfer-Encoding' is managed by Junction and cannot be changed by a rule"))
                        .anySatisfy(p -> assertThat(p).startsWith("rule 'bad-action': action 'set-header': the value contains a control character"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("group 'd': weight of cluster 'd-1' must be a non-negative integer"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("rule 'no-actions': 'priority' must be an integer"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("rule 'no-actions': 'actions' is required"))
                        .hasSize(19));
    }

    @Test
    void refusesUnknownTopLevelKeysAndBrokenYaml()
    {
        assertThatThrownBy(() -> parser.parse("rule:\n  - name: x\n", "routing.yaml"))
                .isInstanceOfSatisfying(RuleSetException.class, e -> assertThat(e.problems()).containsExactly("routing.yaml: unknown field 'rule' (known: groups, rules)"));
        assertThatThrownBy(() -> parser.parse("rules: [\n", "routing.yaml"))
                .isInstanceOfSatisfying(RuleSetException.class, e -> assertThat(e.problems().getFirst()).startsWith("routing.yaml: not valid YAML or JSON"));
    }

    @Test
    void aChangedFileReplacesTheRulesOnlyWhenItIsValid(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("routing.yaml");
        Files.writeString(file, rulesRoutingTo("etl"));
        FileRuleSource source = new FileRuleSource(file, Duration.ofSeconds(1), parser);
        assertThat(routeOf(source)).isEqualTo("etl");
        assertThat(source.reloadIfChanged()).isFalse();

        Files.writeString(file, rulesRoutingTo("bi"));
        assertThat(source.reloadIfChanged()).isTrue();
        assertThat(routeOf(source)).isEqualTo("bi");

        Files.writeString(file, rulesRoutingTo("bi").replace("source == \"airflow\"", "source == 42"));
        assertThat(source.reloadIfChanged()).isFalse();
        assertThat(routeOf(source)).isEqualTo("bi");
        assertThat(source.lastProblems()).singleElement().asString().startsWith("rule 'airflow': condition: ERROR");

        Files.delete(file);
        assertThat(source.reloadIfChanged()).isFalse();
        assertThat(routeOf(source)).isEqualTo("bi");
    }

    @Test
    void anInvalidFileFailsStartupNamingEveryProblem(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("routing.yaml");
        Files.writeString(file, "rules:\n  - {name: a, condition: 'nope', actions: [{route: x}]}\n");
        assertThatThrownBy(() -> new FileRuleSource(file, Duration.ofSeconds(1), parser))
                .isInstanceOfSatisfying(io.junction.config.ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("routing.rules-file " + file + ": rule 'a': condition: ERROR"));
    }

    private static String routeOf(RuleSource source)
    {
        return ((RuleAction.RouteTo) source.current().rules().getFirst().actions().getFirst()).group();
    }

    private static String rulesRoutingTo(String group)
    {
        return """
                rules:
                  - name: airflow
                    condition: 'source == "airflow"'
                    actions: [{route: %s}]
                """.formatted(group);
    }
}
