package io.junction.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a cluster's own count of running and queued queries comes from ({@code load.source}).
 */
public enum LoadSource
{
    /** Not read: Junction knows only its own queries in flight. */
    NONE,
    /**
     * {@code GET /metrics?name[]=...} (OpenMetrics, served by Trino 476 without extra configuration):
     * {@code trino_execution_name_QueryManager_RunningQueries} and {@code ..._QueuedQueries}.
     * Needs a user allowed to read system information.
     */
    METRICS,
    /**
     * {@code GET /ui/api/stats} after a form login at {@code /ui/login} (the web UI's session cookie):
     * running (including blocked) and queued queries.
     */
    UI_STATS;

    /**
     * The name in {@code load.source} and in the API: {@code none}, {@code metrics}, {@code ui-stats}.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<LoadSource> fromConfigName(String name)
    {
        return Arrays.stream(values()).filter(source -> source.configName().equals(name)).findFirst();
    }
}
