package io.junction.routing;

import static java.util.Objects.requireNonNull;

/**
 * What a matching rule does. In a rules file each action is a one-key map, e.g.
 * {@code - route: etl} or {@code - set-session-property: {name: query_max_run_time, value: 1h}}.
 */
public sealed interface RuleAction
{
    /** {@code route: <group>}: the query goes to this routing group. */
    record RouteTo(String group)
            implements RuleAction
    {
        public RouteTo
        {
            requireNonNull(group, "group is null");
        }
    }

    /** {@code set-header: {name, value}}. */
    record SetHeader(String name, String value)
            implements RuleAction
    {
        public SetHeader
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** {@code remove-header: <name>}. */
    record RemoveHeader(String name)
            implements RuleAction
    {
        public RemoveHeader
        {
            requireNonNull(name, "name is null");
        }
    }

    /** {@code set-session-property: {name, value}}: one entry of {@code X-Trino-Session}. */
    record SetSessionProperty(String name, String value)
            implements RuleAction
    {
        public SetSessionProperty
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** {@code add-client-tag: <tag>}: one more entry of {@code X-Trino-Client-Tags}. */
    record AddClientTag(String tag)
            implements RuleAction
    {
        public AddClientTag
        {
            requireNonNull(tag, "tag is null");
        }
    }

    /** {@code reject: <message>}: the query fails with this message; no later rule runs. */
    record Reject(String message)
            implements RuleAction
    {
        public Reject
        {
            requireNonNull(message, "message is null");
        }
    }
}
