package io.junction.security;

import static java.util.Objects.requireNonNull;

/**
 * Key material that cannot be used; the message names the file and the reason, the part
 * tells which configuration property is at fault.
 */
public final class TlsMaterialException
        extends RuntimeException
{
    public enum Part
    {
        CERTIFICATE,
        PRIVATE_KEY,
        KEY_PASSWORD,
        KEYSTORE,
        KEYSTORE_PASSWORD,
    }

    private final Part part;

    public TlsMaterialException(Part part, String message)
    {
        super(message);
        this.part = requireNonNull(part, "part is null");
    }

    public Part part()
    {
        return part;
    }
}
