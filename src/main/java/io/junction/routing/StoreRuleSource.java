package io.junction.routing;

import io.junction.store.Store;
import io.junction.store.StoreUnavailableException;
import io.junction.store.StoreVersionDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Rules and routing groups from the store ({@code routing.rules-source=store}): the newest rule
 * set version, compiled, with the settings of the groups declared in the store. The compiled set
 * is kept in memory; a named thread ({@code routing-rules-sync}) reads the store's version every
 * interval and reloads when it moved, so a change made through any node is in force on every
 * node within about one interval. While the store cannot be reached, or when the newest version
 * does not compile (written by a newer Junction, say), the set in force stays.
 * <p>
 * {@link #current()} is one volatile read and never touches the store. Thread-safe.
 */
public final class StoreRuleSource
        implements RuleSource
{
    private static final Logger log = LoggerFactory.getLogger(StoreRuleSource.class);

    /**
     * What is in force: the compiled rules of a version (or none before the first), and the groups.
     */
    private record Loaded(OptionalLong ruleVersion, List<RoutingRule> rules, List<RoutingGroupDefinition> groups, RuleSet ruleSet) {}

    /**
     * A version that was refused, and why.
     */
    public record Refused(long version, List<RuleProblem> problems) {}

    private final Store store;
    private final RuleVersionDao ruleVersions;
    private final RoutingGroupDao groups;
    private final StoreVersionDao versions;
    private final RuleDocuments documents;
    private final Duration interval;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>(
            new Loaded(OptionalLong.empty(), List.of(), List.of(), new RuleSet(Map.of(), List.of(), "the store (no rule set yet)")));
    private volatile Optional<Refused> refused = Optional.empty();
    private OptionalLong seenStoreVersion = OptionalLong.empty();
    private boolean storeReachable = true;
    private ScheduledExecutorService scheduler;

    public StoreRuleSource(Store store, RuleVersionDao ruleVersions, RoutingGroupDao groups, StoreVersionDao versions, RuleDocuments documents, Duration interval)
    {
        this.store = requireNonNull(store, "store is null");
        this.ruleVersions = requireNonNull(ruleVersions, "ruleVersions is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.documents = requireNonNull(documents, "documents is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    @Override
    public RuleSet current()
    {
        return loaded.get().ruleSet();
    }

    /**
     * The rule set version in force; empty before the first version is written.
     */
    public OptionalLong version()
    {
        return loaded.get().ruleVersion();
    }

    /**
     * The newest version in the store when it does not compile (the set in force is older).
     */
    public Optional<Refused> refused()
    {
        return refused;
    }

    /**
     * The first load, at startup.
     *
     * @throws IllegalStateException when the newest version in the store does not compile: a node
     *         that cannot route by the rules in force must not start (fix it from a node that can,
     *         with a rollback)
     */
    public synchronized void load()
    {
        refresh();
        if (refused.isPresent() && version().isEmpty()) {
            Refused problem = refused.get();
            throw new IllegalStateException("The routing rules in the store (version %d) do not compile here: %s. Roll back to a version that does (POST /api/v1/rules/rollback on a node that runs), or set routing.rules-source=file"
                    .formatted(problem.version(), new InvalidRulesException(problem.problems()).getMessage()));
        }
    }

    /**
     * Reloads rules and groups if the store's version moved since the last load.
     *
     * @return whether a new rule set is in force
     * @throws StoreUnavailableException when the store cannot be reached
     */
    public synchronized boolean refresh()
    {
        long storeVersion = store.withHandle(versions::load);
        if (seenStoreVersion.isPresent() && seenStoreVersion.getAsLong() == storeVersion) {
            return false;
        }
        record Read(long storeVersion, Optional<RuleVersion> rules, List<RoutingGroupDefinition> groups) {}
        Read read = store.inTransaction(handle -> new Read(versions.load(handle), ruleVersions.findLatest(handle), groups.loadAll(handle)));
        seenStoreVersion = OptionalLong.of(read.storeVersion());
        Loaded previous = loaded.get();
        OptionalLong ruleVersion = read.rules().map(version -> OptionalLong.of(version.version())).orElse(OptionalLong.empty());
        OptionalLong inForce = previous.ruleVersion();
        List<RoutingRule> rules = previous.rules();
        if (!ruleVersion.equals(previous.ruleVersion()) && read.rules().isPresent()) {
            RuleVersion newest = read.rules().get();
            try {
                rules = documents.compile(newest.rulesJson(), "rule set version " + newest.version());
                inForce = ruleVersion;
                refused = Optional.empty();
            }
            catch (InvalidRulesException e) {
                if (refused.map(Refused::version).filter(version -> version == newest.version()).isEmpty()) {
                    log.error("Routing rules version {} in the store does not compile here; the rules in force (version {}) stay. {}",
                            newest.version(), inForce.isPresent() ? inForce.getAsLong() : "none", e.getMessage());
                }
                refused = Optional.of(new Refused(newest.version(), e.problems()));
            }
        }
        if (inForce.equals(previous.ruleVersion()) && read.groups().equals(previous.groups())) {
            return false;
        }
        Map<String, RoutingGroup> groupSettings = new LinkedHashMap<>();
        read.groups().forEach(group -> groupSettings.put(group.name(), group.settings()));
        String origin = inForce.isPresent() ? "the store (rule set version " + inForce.getAsLong() + ")" : "the store (no rule set yet)";
        loaded.set(new Loaded(inForce, rules, read.groups(), new RuleSet(groupSettings, rules, origin)));
        log.info("Routing rules from {}: {} rules, {} declared groups", origin, rules.size(), groupSettings.size());
        return true;
    }

    /**
     * Called after this node changed the store: the change is in force here at once. A failure
     * is logged, not thrown (the change is committed; the next poll catches up).
     */
    public void refreshAfterChange()
    {
        try {
            refresh();
        }
        catch (RuntimeException e) {
            log.warn("Reloading the routing rules after a change failed; the next poll retries: {}", e.getMessage());
        }
    }

    public synchronized void start()
    {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("routing-rules-sync").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop()
    {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private synchronized void poll()
    {
        try {
            refresh();
            if (!storeReachable) {
                log.info("The store is reachable again; routing rules are in sync");
                storeReachable = true;
            }
        }
        catch (StoreUnavailableException e) {
            if (storeReachable) {
                log.warn("Cannot reach the store; routing goes on with the rules in force: {}", e.getMessage());
                storeReachable = false;
            }
        }
        catch (RuntimeException e) {
            log.error("Reloading the routing rules from the store failed; the rules in force stay", e);
        }
    }
}
