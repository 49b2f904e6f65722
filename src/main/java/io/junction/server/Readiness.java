package io.junction.server;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /health/ready} waits for: the store answered at startup and the cluster
 * snapshot was loaded from it, the routing rules are loaded, and every cluster was probed
 * once (so the first queries are not refused for want of a known-healthy cluster). Once
 * ready, a node stays ready: later store outages are ridden out from the last snapshot.
 * <p>
 * Thread-safe.
 */
final class Readiness
{
    private volatile boolean storeLoaded;
    private volatile boolean rulesLoaded;
    private volatile boolean firstHealthRound;

    void storeLoaded()
    {
        storeLoaded = true;
    }

    void rulesLoaded()
    {
        rulesLoaded = true;
    }

    void firstHealthRoundDone()
    {
        firstHealthRound = true;
    }

    /**
     * What is still missing; empty when ready.
     */
    List<String> missing()
    {
        List<String> missing = new ArrayList<>(3);
        if (!storeLoaded) {
            missing.add("store not loaded");
        }
        if (!rulesLoaded) {
            missing.add("routing rules not loaded");
        }
        if (!firstHealthRound) {
            missing.add("clusters not probed yet");
        }
        return missing;
    }
}
