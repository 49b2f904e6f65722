package io.junction.cluster;

import static java.util.Objects.requireNonNull;

/**
 * A change to the fleet's configuration that cannot be made as asked: the entity does not
 * exist, or the change conflicts with what is stored. The message names the entity.
 */
public final class FleetChangeException
        extends RuntimeException
{
    public enum Kind
    {
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    public FleetChangeException(Kind kind, String message)
    {
        super(message);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind()
    {
        return kind;
    }
}
