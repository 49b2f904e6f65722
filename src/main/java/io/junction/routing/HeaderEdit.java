package io.junction.routing;

import static java.util.Objects.requireNonNull;

/**
 * A change a rule makes to the request headers forwarded to the cluster. Edits are final
 * values per header: the proxy applies them after copying the client's headers.
 */
public sealed interface HeaderEdit
{
    String name();

    /**
     * Replace every field of the header with one field of this value.
     */
    record SetHeader(String name, String value)
            implements HeaderEdit
    {
        public SetHeader
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * Remove the header.
     */
    record RemoveHeader(String name)
            implements HeaderEdit
    {
        public RemoveHeader
        {
            requireNonNull(name, "name is null");
        }
    }
}
