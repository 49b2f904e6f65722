package io.junction.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index skips rules whose guard term the request cannot satisfy, and only those.
 */
class TestRuleIndex
{
    private final RuleSet rules = TestingRouting.rules("""
            rules:
              - {name: by-source, condition: 'source == "airflow" && user.startsWith("etl")', actions: [{route: etl}]}
              - {name: reversed, condition: '"alice" == user', actions: [{route: a}]}
              - {name: by-tag, condition: 'size(sql) > 0 && "nightly" in client_tags', actions: [{route: b}]}
              - {name: disjunction, condition: 'source == "x" || user == "y"', actions: [{route: c}]}
              - {name: negated, condition: '!(source == "x")', actions: [{route: d}]}
            """);

    @Test
    void indexesEqualitiesAndTagMembershipOfTopLevelConjunctions()
    {
        assertThat(rules.rules()).extracting(RoutingRule::guard).containsExactly(
                java.util.Optional.of(new RuleIndex.Guard("source", "airflow")),
                java.util.Optional.of(new RuleIndex.Guard("user", "alice")),
                java.util.Optional.of(new RuleIndex.Guard("client_tags", "nightly")),
                java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    @Test
    void candidatesAreTheUnguardedRulesPlusThoseWhoseGuardHolds()
    {
        assertThat(names(Map.of())).containsExactly("disjunction", "negated");
        assertThat(names(Map.of("X-Trino-Source", "airflow", "X-Trino-Client-Tags", "a,nightly")))
                .containsExactly("by-source", "by-tag", "disjunction", "negated");
        assertThat(names(Map.of("X-Trino-User", "alice"))).containsExactly("reversed", "disjunction", "negated");
    }

    private List<String> names(Map<String, String> headers)
    {
        return rules.index().candidates(TestingRouting.request(headers)).stream().mapToObj(i -> rules.rules().get(i).name()).toList();
    }
}
