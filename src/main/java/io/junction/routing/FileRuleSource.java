package io.junction.routing;

import io.junction.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Rules from a YAML or JSON file, reloaded when its content changes. A changed file that does
 * not compile is refused whole (every problem logged) and the previous rules stay in force.
 * <p>
 * {@link #current()} is one volatile read. {@link #reloadIfChanged()} runs on the watcher thread
 * (started by {@link #start()}, every {@code interval}) or directly from tests.
 */
public final class FileRuleSource
        implements RuleSource
{
    private static final Logger log = LoggerFactory.getLogger(FileRuleSource.class);

    private final Path file;
    private final Duration interval;
    private final RuleSetParser parser;
    private final AtomicReference<RuleSet> rules = new AtomicReference<>();
    private volatile byte[] loadedContent;
    private volatile List<String> lastProblems = List.of();
    private ScheduledExecutorService watcher;

    /**
     * Loads the file once.
     *
     * @throws ConfigException naming every problem when the file is missing or invalid (startup fails)
     */
    public FileRuleSource(Path file, Duration interval, RuleSetParser parser)
    {
        this.file = requireNonNull(file, "file is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.parser = requireNonNull(parser, "parser is null");
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        }
        catch (IOException e) {
            throw new ConfigException("routing.rules-file: cannot read " + file + ": " + e);
        }
        try {
            rules.set(parser.parse(new String(content, StandardCharsets.UTF_8), file.toString()));
        }
        catch (RuleSetException e) {
            throw new ConfigException(e.problems().stream().map(problem -> "routing.rules-file " + file + ": " + problem).toList());
        }
        loadedContent = content;
    }

    @Override
    public RuleSet current()
    {
        return rules.get();
    }

    /**
     * The problems of the last refused version of the file; empty when the file in force is the newest.
     */
    public List<String> lastProblems()
    {
        return lastProblems;
    }

    /**
     * Reads the file and, if its content changed and it compiles, replaces the rules.
     *
     * @return whether new rules are in force
     */
    public boolean reloadIfChanged()
    {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        }
        catch (IOException e) {
            if (lastProblems.isEmpty()) {
                log.warn("Cannot read routing rules file {}; keeping the rules in force: {}", file, e.toString());
            }
            lastProblems = List.of("cannot read " + file + ": " + e);
            return false;
        }
        if (Arrays.equals(content, loadedContent)) {
            return false;
        }
        try {
            RuleSet next = parser.parse(new String(content, StandardCharsets.UTF_8), file.toString());
            rules.set(next);
            loadedContent = content;
            lastProblems = List.of();
            log.info("Routing rules reloaded from {}: {} groups, {} rules", file, next.groups().size(), next.rules().size());
            return true;
        }
        catch (RuleSetException e) {
            if (!e.problems().equals(lastProblems)) {
                log.error("Routing rules file {} changed but is refused; the previous rules stay in force. {}", file, e.getMessage());
            }
            lastProblems = e.problems();
            return false;
        }
    }

    public void start()
    {
        watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("routing-rules-watcher").daemon().factory());
        watcher.scheduleWithFixedDelay(this::reloadSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop()
    {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private void reloadSafely()
    {
        try {
            reloadIfChanged();
        }
        catch (RuntimeException e) {
            log.error("Reloading routing rules from {} failed", file, e);
        }
    }
}
