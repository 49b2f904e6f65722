package io.junction.routing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Accumulates the header actions of the rules of one decision over the client's headers,
 * so that several actions on one header (two session properties, say) compose.
 * Not thread-safe; one per decision.
 */
final class HeaderEditor
{
    private static final String SESSION = "X-Trino-Session";
    private static final String CLIENT_TAGS = "X-Trino-Client-Tags";

    private final Map<String, String> original;
    // lower-case name -> (display name, value or empty for removed)
    private final Map<String, Map.Entry<String, Optional<String>>> edited = new LinkedHashMap<>();

    HeaderEditor(Map<String, String> lowerCaseHeaders)
    {
        this.original = lowerCaseHeaders;
    }

    void set(String name, String value)
    {
        edited.put(name.toLowerCase(Locale.ROOT), Map.entry(name, Optional.of(value)));
    }

    void remove(String name)
    {
        edited.put(name.toLowerCase(Locale.ROOT), Map.entry(name, Optional.empty()));
    }

    /**
     * Sets one entry of {@code X-Trino-Session}, replacing the client's value for the same property.
     */
    void setSessionProperty(String property, String value)
    {
        List<String> entries = new ArrayList<>();
        for (String entry : current(SESSION).map(text -> text.split(",")).orElse(new String[0])) {
            String trimmed = entry.trim();
            int equals = trimmed.indexOf('=');
            String name = equals < 0 ? trimmed : trimmed.substring(0, equals);
            if (!trimmed.isEmpty() && !name.trim().equalsIgnoreCase(property)) {
                entries.add(trimmed);
            }
        }
        entries.add(property + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        set(SESSION, String.join(",", entries));
    }

    /**
     * Adds a tag to {@code X-Trino-Client-Tags} unless it is there already.
     */
    void addClientTag(String tag)
    {
        List<String> tags = new ArrayList<>();
        for (String existing : current(CLIENT_TAGS).map(text -> text.split(",")).orElse(new String[0])) {
            if (!existing.trim().isEmpty()) {
                tags.add(existing.trim());
            }
        }
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
        set(CLIENT_TAGS, String.join(",", tags));
    }

    List<HeaderEdit> edits()
    {
        List<HeaderEdit> edits = new ArrayList<>(edited.size());
        for (Map.Entry<String, Optional<String>> edit : edited.values()) {
            edits.add(edit.getValue().<HeaderEdit>map(value -> new HeaderEdit.SetHeader(edit.getKey(), value))
                    .orElseGet(() -> new HeaderEdit.RemoveHeader(edit.getKey())));
        }
        return List.copyOf(edits);
    }

    private Optional<String> current(String name)
    {
        String lower = name.toLowerCase(Locale.ROOT);
        Map.Entry<String, Optional<String>> edit = edited.get(lower);
        if (edit != null) {
            return edit.getValue();
        }
        return Optional.ofNullable(original.get(lower));
    }
}
