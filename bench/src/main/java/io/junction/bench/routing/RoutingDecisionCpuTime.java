package io.junction.bench.routing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The decisions of {@link RoutingDecisionBenchmark}, timed in CPU time of the measuring thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}) next to wall time. On a shared machine
 * whose load average is far above its core count, JMH's wall-clock scores mostly measure the
 * wait for a core; the thread's CPU time per decision is what a decision costs. (It leaves out
 * the GC threads' share, which the allocation rate of {@code -prof gc} shows.)
 * <p>
 * Run after {@code bench/jmh.sh} has built the classpath:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.junction.bench.routing.RoutingDecisionCpuTime}
 */
public final class RoutingDecisionCpuTime
{
    private static final int ROUNDS = 4;

    private RoutingDecisionCpuTime() {}

    public static void main(String[] args)
    {
        RoutingDecisionBenchmark benchmark = new RoutingDecisionBenchmark();
        benchmark.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < ROUNDS; round++) {
            // round 0 warms up the JIT and is not printed
            measure(threads, round, "decisionWithoutSql", 100_000, benchmark::decisionWithoutSql);
            measure(threads, round, "requestAndDecisionWithoutSql", 100_000, benchmark::requestAndDecisionWithoutSql);
            measure(threads, round, "requestAndDecisionWithSql", 5_000, benchmark::requestAndDecisionWithSql);
        }
    }

    private static void measure(ThreadMXBean threads, int round, String name, int decisions, Supplier<Object> decision)
    {
        int sink = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            sink += System.identityHashCode(decision.get()) & 1;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        if (round > 0) {
            System.out.printf("round %d  %-30s  cpu %8.2f us/decision  wall %8.2f us/decision  (%d)%n",
                    round, name, cpu / 1000.0 / decisions, wall / 1000.0 / decisions, sink);
        }
    }
}
