package io.junction.routing;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One immutable version of the rule set kept in the store.
 *
 * @param rulesJson the rules as a JSON array in evaluation order, each rule in the rules file's
 *        shape ({@code name, description, priority, condition, continue, actions})
 */
public record RuleVersion(long version, Instant createdAt, String createdBy, String comment, int ruleCount, String rulesJson)
{
    public static final int MAX_COMMENT_LENGTH = 1000;

    public RuleVersion
    {
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(comment, "comment is null");
        requireNonNull(rulesJson, "rulesJson is null");
    }

    /**
     * What a list of versions shows: everything but the rules.
     */
    public record Summary(long version, Instant createdAt, String createdBy, String comment, int ruleCount) {}

    public Summary summary()
    {
        return new Summary(version, createdAt, createdBy, comment, ruleCount);
    }
}
