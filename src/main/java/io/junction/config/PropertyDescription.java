package io.junction.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One configuration property as a feature declares it: the key, its default (absent when
 * the property is required or has no default), a one-line description, and whether the
 * value is a secret that must never be printed.
 */
public record PropertyDescription(String key, Optional<String> defaultValue, String description, boolean secret)
{
    public PropertyDescription
    {
        requireNonNull(key, "key is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
    }
}
