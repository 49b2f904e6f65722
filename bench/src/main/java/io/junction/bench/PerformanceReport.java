package io.junction.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The generated part of {@code docs/performance.md}: the machine, the command, the targets of
 * {@code DESIGN.md} against this run, one table per mode with the ratios, added latency per hop,
 * the footprint under many concurrent queries, the soak, and how everything was set up.
 */
final class PerformanceReport
{
    private final BenchResults results;
    private final StringBuilder out = new StringBuilder();

    PerformanceReport(BenchResults results)
    {
        this.results = requireNonNull(results, "results is null");
    }

    String markdown()
    {
        header();
        goals();
        throughputMode("submit", "Submissions", "submissions/s",
                "16 clients in a closed loop. One operation is `POST /v1/statement` plus its first follow-up (timed together), then `DELETE` of the query (not timed, but part of the loop).");
        throughputMode("poll", "Follow-up polls", "polls/s",
                "16 clients in a closed loop, each following a query that never ends, 256 bytes of rows per page: the figure wrk measured at 16 connections.");
        addedLatency();
        stream();
        concurrency();
        soak();
        setup();
        return out.toString();
    }

    private void header()
    {
        out.append("# Performance\n\n");
        out.append("Measured by `bench/run.sh` on %s at commit `%s`; the raw data (JSON and HdrHistogram percentile files per run, logs, the configurations) is in `bench/results/%s/` on the machine that ran it.\n\n"
                .formatted(results.machine("date"), results.machine("git"), results.directory().getFileName()));
        out.append("Command: `").append(results.machine("command")).append("`. Rerun with `bench/run.sh` (about 11 minutes), `bench/run.sh --quick` (about 2.5 minutes) or `bench/run.sh --trino` (real Trino); `bench/run.sh --help` lists the options.\n\n");
        out.append("All processes share the same two cores: the load generator, the fake backend and the proxy under test. Absolute numbers move with whatever else runs on the machine; the ratios between targets come from runs made back to back (targets alternate within each mode")
                .append(rounds() > 1 ? ", %d rounds each, best round shown".formatted(rounds()) : "").append(").\n\n");
        out.append("| machine | |\n|---|---|\n");
        row("CPUs (nproc)", results.machine("nproc"));
        row("memory", results.machine("memory"));
        row("CPU", results.machine("cpu"));
        row("kernel", results.machine("kernel"));
        row("JDK", results.machine("jdk"));
        row("nginx", results.machine("nginx"));
        row("load average when the run started", results.machine("loadavg"));
        row("open files per process (hard limit here)", results.machine("fd.limit"));
        row("each run", "%s measured after %s warm-up".formatted(results.machine("duration"), results.machine("warmup")));
        out.append('\n');
    }

    private int rounds()
    {
        return results.runs().values().stream().flatMap(byTarget -> byTarget.values().stream()).mapToInt(List::size).max().orElse(1);
    }

    private void goals()
    {
        out.append("## Against the targets of DESIGN.md\n\n");
        out.append("| target | goal | this run | met |\n|---|---|---|---|\n");
        Map<String, LoadResult> open = results.best("poll-open");
        if (open.containsKey("junction") && open.containsKey("direct")) {
            double p50 = open.get("junction").latency().p50() - open.get("direct").latency().p50();
            double p99 = open.get("junction").latency().p99() - open.get("direct").latency().p99();
            goal("added latency per request, p50 (poll-open, Junction − direct)", "≤ 0.2 ms", ms(p50) + " ms", p50 <= 0.2);
            goal("added latency per request, p99", "≤ 1 ms", ms(p99) + " ms", p99 <= 1.0);
        }
        ratioGoal("submissions/s, Junction ÷ nginx", "submit");
        ratioGoal("follow-up polls/s, Junction ÷ nginx", "poll");
        ratioGoal("streaming MiB/s, Junction ÷ nginx", "stream");
        LoadResult stream = results.best("stream").get("junction");
        if (stream != null && stream.processes().containsKey("proxy") && stream.processes().get("proxy").heapAfterGcBytes() != null) {
            long live = stream.processes().get("proxy").heapAfterGcBytes();
            goal("heap flat in result size (live heap after streaming %s)".formatted(mib(stream.bytes())), "flat", mib(live) + " live", live < 64L << 20);
        }
        for (String mode : concurrencyModes()) {
            LoadResult result = results.best(mode).get("junction");
            if (result != null && result.clients() >= 10_000) {
                LoadResult.ProcessUsage proxy = result.processes().get("proxy");
                Long heap = proxy == null ? null : proxy.heapAfterGcBytes();
                boolean allInFlight = result.errorCount() == 0 && result.inFlightAtEnd() >= result.clients();
                goal("%,d concurrent long-polling queries: live heap".formatted(result.clients()), "< 512 MB",
                        heap == null ? "n/a" : mib(heap) + (allInFlight ? "" : " (not all in flight: %d errors)".formatted(result.errorCount())),
                        heap != null && heap < 512L * 1000 * 1000 && allInFlight);
            }
        }
        String ready = results.machine("junction.ready.ms");
        if (!ready.isEmpty()) {
            goal("startup to ready (launch → /health/ready 200, JVM start included)", "≤ 2 s", ready + " ms", Long.parseLong(ready) <= 2000);
        }
        out.append('\n');
    }

    private void ratioGoal(String name, String mode)
    {
        Map<String, LoadResult> best = results.best(mode);
        if (best.containsKey("junction") && best.containsKey("nginx")) {
            double ratio = BenchResults.throughput(best.get("junction")) / BenchResults.throughput(best.get("nginx"));
            goal(name, "≥ 0.80", "%.2f".formatted(ratio), ratio >= 0.8);
        }
    }

    private void goal(String name, String goal, String measured, boolean met)
    {
        out.append("| ").append(name).append(" | ").append(goal).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    private void throughputMode(String mode, String title, String unit, String description)
    {
        Map<String, LoadResult> best = results.best(mode);
        if (best.isEmpty()) {
            return;
        }
        out.append("## ").append(title).append(" (`").append(mode).append("`)\n\n").append(description).append("\n\n");
        out.append("| target | ").append(unit).append(" | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | CPU cores: load generator / backend / proxy |")
                .append(rounds() > 1 ? " all rounds |" : "").append("\n|---|---|---|---|---|---|---|---|---|").append(rounds() > 1 ? "---|" : "").append('\n');
        best.forEach((target, result) -> {
            out.append("| ").append(target).append(" | ").append(count(result.operationsPerSecond())).append(" | ");
            latencyCells(result.latency());
            out.append(errors(result)).append(" | ").append(cpu(result)).append(" |");
            if (rounds() > 1) {
                out.append(' ').append(results.rounds(mode, target).stream().map(round -> count(BenchResults.throughput(round))).collect(Collectors.joining(", "))).append(" |");
            }
            out.append('\n');
        });
        ratios(best);
    }

    private void addedLatency()
    {
        Map<String, LoadResult> best = results.best("poll-open");
        if (best.isEmpty()) {
            return;
        }
        LoadResult any = best.values().iterator().next();
        out.append("## Added latency per hop (`poll-open`)\n\n");
        out.append("Follow-up polls at a fixed %s polls/s (an open model, moderate load), %d clients; each latency is measured from the poll's intended start, so a stall in any part cannot hide behind the clients waiting for it (coordinated omission).\n\n"
                .formatted(count(any.arrivalRate()), any.clients()));
        out.append("| target | polls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | CPU cores: load generator / backend / proxy |\n|---|---|---|---|---|---|---|---|---|\n");
        best.forEach((target, result) -> {
            out.append("| ").append(target).append(" | ").append(count(result.operationsPerSecond())).append(" | ");
            latencyCells(result.latency());
            out.append(errors(result)).append(" | ").append(cpu(result)).append(" |\n");
        });
        out.append("\n| hop | p50 | p90 | p99 | p99.9 |\n|---|---|---|---|---|\n");
        hop(best, "nginx", "direct");
        hop(best, "junction", "direct");
        hop(best, "junction", "nginx");
        out.append('\n');
    }

    private void hop(Map<String, LoadResult> best, String target, String base)
    {
        if (best.containsKey(target) && best.containsKey(base)) {
            LoadResult.Latency a = best.get(target).latency();
            LoadResult.Latency b = best.get(base).latency();
            out.append("| ").append(target).append(" − ").append(base).append(" | ").append(ms(a.p50() - b.p50())).append(" | ").append(ms(a.p90() - b.p90()))
                    .append(" | ").append(ms(a.p99() - b.p99())).append(" | ").append(ms(a.p999() - b.p999())).append(" |\n");
        }
    }

    private void stream()
    {
        Map<String, LoadResult> best = results.best("stream");
        if (best.isEmpty()) {
            return;
        }
        out.append("## Result streaming (`stream`)\n\n");
        out.append("One client reads one endless result in pages of 1 MiB of rows (Trino's default target result size), one page per request.\n\n");
        out.append("| target | MiB/s | p50 ms per page | p99 ms | errors | CPU cores: load generator / backend / proxy | proxy heap: peak used / live after GC |")
                .append(rounds() > 1 ? " all rounds (MiB/s) |" : "").append("\n|---|---|---|---|---|---|---|").append(rounds() > 1 ? "---|" : "").append('\n');
        best.forEach((target, result) -> {
            LoadResult.ProcessUsage proxy = result.processes().get("proxy");
            out.append("| ").append(target).append(" | ").append(count(result.mebibytesPerSecond())).append(" | ").append(ms(result.latency().p50()))
                    .append(" | ").append(ms(result.latency().p99())).append(" | ").append(errors(result)).append(" | ").append(cpu(result)).append(" | ")
                    .append(proxy == null || proxy.peakHeapUsedBytes() == null ? "–" : mib(proxy.peakHeapUsedBytes()) + " / " + mib(proxy.heapAfterGcBytes()))
                    .append(" |");
            if (rounds() > 1) {
                out.append(' ').append(results.rounds("stream", target).stream().map(round -> count(round.mebibytesPerSecond())).collect(Collectors.joining(", "))).append(" |");
            }
            out.append('\n');
        });
        ratios(best);
    }

    private List<String> concurrencyModes()
    {
        return results.runs().keySet().stream().filter(mode -> mode.startsWith("concurrency-"))
                .sorted((a, b) -> Integer.compare(BenchSuite.parseCount(a.substring(12)), BenchSuite.parseCount(b.substring(12)))).toList();
    }

    private void concurrency()
    {
        List<String> modes = concurrencyModes();
        if (modes.isEmpty()) {
            return;
        }
        out.append("## Many concurrent queries (`concurrency-N`)\n\n");
        out.append("N clients each follow a query whose every poll the backend holds for one second (Trino's long poll), so N queries are in flight at all times. "
                + "The proxy's footprint is read at the end of the measured window while all of them are still in flight: RSS, threads and heap in use, then the live heap after a forced GC. "
                + "From %,d clients on, the clients speak HTTP/2 (h2c) to the target where it offers it: every process here may hold at most %s open files, and a proxy with 10,000 client connections plus 10,000 upstream connections would need more.\n\n"
                        .formatted(LoadGenerator.H2C_FROM_CLIENTS, results.machine("fd.limit").isEmpty() ? "20,000" : results.machine("fd.limit")));
        out.append("| run | target | protocol | in flight at end | polls/s | p50 ms | p99 ms | errors | proxy CPU cores | proxy RSS | proxy threads | proxy heap used | live heap after GC |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String mode : modes) {
            results.best(mode).forEach((target, result) -> {
                LoadResult.ProcessUsage proxy = result.processes().getOrDefault("proxy", result.processes().get("backend"));
                String who = result.processes().containsKey("proxy") ? "" : " (backend)";
                out.append("| ").append(mode).append(" | ").append(target).append(" | ").append(result.protocol()).append(" | ").append(count(result.inFlightAtEnd()))
                        .append(" | ").append(count(result.operationsPerSecond())).append(" | ").append(ms(result.latency().p50())).append(" | ").append(ms(result.latency().p99()))
                        .append(" | ").append(errors(result)).append(" | ");
                if (proxy == null) {
                    out.append("– | – | – | – | – |\n");
                    return;
                }
                out.append("%.2f%s | %s | %d | %s | %s |\n".formatted(proxy.cpuCores(), who, mib(proxy.rssBytes()), proxy.threads(),
                        proxy.heapUsedBytes() == null ? "–" : mib(proxy.heapUsedBytes()), proxy.heapAfterGcBytes() == null ? "–" : mib(proxy.heapAfterGcBytes())));
            });
        }
        out.append("\nFor direct runs the footprint columns show the fake backend (marked), for scale.\n\n");
    }

    private void soak()
    {
        Map<String, LoadResult> best = results.best("soak");
        if (best.isEmpty()) {
            return;
        }
        best.forEach((target, result) -> {
            out.append("## Soak (`soak`, %s)\n\n".formatted(target));
            out.append("%s queries of 20 pages (4 KiB of rows each) at %s polls/s from %d clients for %.0f s: %s queries finished, %s polls, %s errors. "
                    .formatted(count(result.submissions()), count(result.arrivalRate()), result.clients(), result.seconds(), count(result.finishedQueries()),
                            count(result.polls()), count(result.errorCount())));
            out.append("Samples of the proxy (heap after a forced GC for a JVM):\n\n| t (s) | operations | proxy RSS | proxy live heap |\n|---|---|---|---|\n");
            List<Long> heaps = new ArrayList<>();
            for (LoadResult.Sample sample : result.samples()) {
                Long heap = sample.heapBytes().get("proxy");
                if (heap != null) {
                    heaps.add(heap);
                }
                out.append("| %.0f | %s | %s | %s |\n".formatted(sample.atSeconds(), count(sample.operations()),
                        sample.rssBytes().containsKey("proxy") ? mib(sample.rssBytes().get("proxy")) : "–", heap == null ? "–" : mib(heap)));
            }
            if (heaps.size() >= 2) {
                out.append("\nLive heap: %s at the first sample, %s at the last (%+.1f MiB).\n".formatted(mib(heaps.getFirst()), mib(heaps.getLast()),
                        (heaps.getLast() - heaps.getFirst()) / 1048576.0));
            }
            out.append('\n');
        });
    }

    private void setup()
    {
        out.append("## How it is set up\n\n");
        out.append("""
                - **Backend**: `bench/src/main/java/io/junction/bench/FakeTrinoBackend.java`, a small, honest implementation of the Trino client protocol on Jetty (never in the product jar): `POST /v1/statement` → QUEUED, the queued URI dispatches, executing pages until a FINISHED reply without `nextUri`, `DELETE` cancels; Trino's query id format with a per-process coordinator id; slugs and tokens checked on every follow-up; every URI built from `X-Forwarded-Proto/Host/Port` plus `X-Forwarded-Prefix` as Trino 476 does with `http-server.process-forwarded=true`. Replies are pre-encoded (only ids and URIs are built per request), so the backend costs little. The SQL text chooses the shape: pages, bytes of rows per page, long-poll delay.
                - **Load generator**: `LoadGenerator` follows `nextUri` chains like a real client, one request at a time per client, and checks every reply (status, query id, every `nextUri` pointing back at the target under test, FINISHED at the end); a run with any error is reported as such. HTTP/1.1 goes through a small single-threaded NIO client (Jetty's `HttpClient` cost about 60 µs of CPU per request here, and the load generator shares the two cores with what it measures); HTTP/2 through Jetty's client. Closed loops for throughput; an open model (fixed arrival rate, latency from the intended start, HdrHistogram) for latency.
                - **nginx**: a plain reverse proxy of the same backend, configuration below: two workers (one per core), a keep-alive upstream pool, `proxy_buffering off` so it streams like Junction, with a 64 KiB buffer per request (Junction reads upstream in 64 KiB buffers too; nginx streams faster with 1 MiB buffers, at 1 MiB per request in flight), forwarded headers describing itself so the backend's `nextUri` points back at nginx, no access log.
                - **Junction**: `bin/junction run --etc-dir <generated>` with the product defaults except those in the configuration below; follow-ups come back as `/j/<route-token>/v1/statement/...`.
                - **Processes**: CPU is the average over the measured window from `/proc/<pid>/stat` (nginx: master and workers); heap through JMX (Attach API, as `jcmd` does), which adds a few threads to the process it attaches to.

                """);
        String nginx = results.file("nginx.conf");
        if (!nginx.isEmpty()) {
            out.append("<details><summary>nginx.conf used</summary>\n\n```nginx\n").append(nginx.strip()).append("\n```\n</details>\n\n");
        }
        String config = results.file("junction-etc/config.properties");
        if (!config.isEmpty()) {
            out.append("<details><summary>Junction configuration used</summary>\n\n```properties\n# config.properties\n").append(config.strip())
                    .append("\n# jvm.config\n").append(results.file("junction-etc/jvm.config").strip()).append("\n```\n</details>\n\n");
        }
    }

    private void ratios(Map<String, LoadResult> best)
    {
        List<String> parts = new ArrayList<>();
        ratio(parts, best, "junction", "nginx");
        ratio(parts, best, "junction", "direct");
        ratio(parts, best, "nginx", "direct");
        if (!parts.isEmpty()) {
            out.append("\nRatios: ").append(String.join(" · ", parts)).append('\n');
        }
        out.append('\n');
    }

    private static void ratio(List<String> parts, Map<String, LoadResult> best, String a, String b)
    {
        if (best.containsKey(a) && best.containsKey(b) && BenchResults.throughput(best.get(b)) > 0) {
            parts.add("%s ÷ %s **%.2f**".formatted(a, b, BenchResults.throughput(best.get(a)) / BenchResults.throughput(best.get(b))));
        }
    }

    private void latencyCells(LoadResult.Latency latency)
    {
        out.append(ms(latency.p50())).append(" | ").append(ms(latency.p90())).append(" | ").append(ms(latency.p99())).append(" | ")
                .append(ms(latency.p999())).append(" | ").append(ms(latency.max())).append(" | ");
    }

    private static String errors(LoadResult result)
    {
        if (result.errorCount() == 0) {
            return "0";
        }
        return "**%d** %s".formatted(result.errorCount(), result.errors().keySet());
    }

    private static String cpu(LoadResult result)
    {
        return "%s / %s / %s".formatted(cores(result, "loadgen"), cores(result, "backend"), cores(result, "proxy"));
    }

    private static String cores(LoadResult result, String role)
    {
        LoadResult.ProcessUsage usage = result.processes().get(role);
        return usage == null ? "–" : "%.2f".formatted(usage.cpuCores());
    }

    private void row(String name, String value)
    {
        out.append("| ").append(name).append(" | ").append(value.isEmpty() ? "–" : value).append(" |\n");
    }

    static String ms(double millis)
    {
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    static String count(double value)
    {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String mib(long bytes)
    {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
