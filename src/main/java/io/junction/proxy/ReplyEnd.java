package io.junction.proxy;

import java.util.Optional;

/**
 * The end of a terminal statement reply (no {@code nextUri}), from the tokens that follow its
 * envelope: Trino's final {@code stats.state} and the {@code error}'s {@code errorName} and
 * {@code message}. Trino writes {@code stats}, then {@code error} with {@code message} and
 * {@code errorName} before the long {@code failureInfo}, then {@code warnings}, ... (see
 * {@code QueryResults} and {@code QueryError} in trino-client), so reading stops as soon as
 * the rest cannot matter.
 * <p>
 * Not thread-safe; one per reply, fed by {@link StatementEnvelopeReader}.
 */
final class ReplyEnd
{
    private String topField;
    private String innerField;
    private String finalState;
    private String errorName;
    private String errorMessage;
    private boolean done;
    private boolean incomplete;

    /**
     * @param topField the top-level field at which the envelope ended, if any
     */
    ReplyEnd(String topField)
    {
        this.topField = topField;
    }

    /**
     * A field name; {@code depth} 1 is the top level of the reply.
     */
    void fieldName(int depth, String name)
    {
        if (depth == 1) {
            if (finalState != null && !name.equals("error")) {
                // stats are read and no error follows them
                stop(false);
                return;
            }
            topField = name;
            return;
        }
        if (depth == 2) {
            innerField = name;
            if ("error".equals(topField) && name.equals("failureInfo")) {
                stop(false);
            }
        }
    }

    void string(int depth, String value)
    {
        if (depth != 2 || innerField == null) {
            return;
        }
        if ("stats".equals(topField) && innerField.equals("state")) {
            finalState = value;
        }
        else if ("error".equals(topField) && innerField.equals("errorName")) {
            errorName = value;
        }
        else if ("error".equals(topField) && innerField.equals("message")) {
            errorMessage = value;
        }
        innerField = null;
    }

    /**
     * A value that is not a string (a number, a boolean, null).
     */
    void otherValue(int depth)
    {
        if (depth == 2) {
            innerField = null;
        }
    }

    /**
     * An object or array closed; {@code depth} is the depth after it.
     */
    void closed(int depth)
    {
        if (depth == 0 || (depth == 1 && "error".equals(topField))) {
            stop(false);
        }
    }

    /**
     * @param incomplete whether reading stopped before the fields were reached (too large, not JSON)
     */
    void stop(boolean incomplete)
    {
        if (!done) {
            done = true;
            this.incomplete = incomplete;
        }
    }

    boolean done()
    {
        return done;
    }

    boolean incomplete()
    {
        return incomplete || !done;
    }

    Optional<String> finalState()
    {
        return Optional.ofNullable(finalState);
    }

    Optional<String> errorName()
    {
        return Optional.ofNullable(errorName);
    }

    Optional<String> errorMessage()
    {
        return Optional.ofNullable(errorMessage);
    }
}
