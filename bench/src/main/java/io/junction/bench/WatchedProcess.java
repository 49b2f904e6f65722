package io.junction.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A process whose footprint the benchmark reports: CPU time, RSS and threads from
 * {@code /proc/<pid>} (summed over its direct children too, for nginx's workers), and for a JVM
 * the heap through JMX (attached once with the Attach API, as {@code jcmd} does).
 *
 * <p>Attaching starts the target's local JMX agent, which adds a few threads to it; the thread
 * count is read before the first attach of a run. Not thread-safe; one sampler thread uses it.
 */
final class WatchedProcess
        implements AutoCloseable
{
    /** USER_HZ: the unit of the CPU times in {@code /proc/<pid>/stat}; 100 on Linux x86. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private final String role;
    private final long pid;
    private final boolean jvm;
    private final List<Long> children;
    private JMXConnector connector;
    private MemoryMXBean memory;

    WatchedProcess(String role, long pid, boolean jvm)
    {
        this.role = requireNonNull(role, "role is null");
        this.pid = pid;
        this.jvm = jvm;
        this.children = findChildren(pid);
    }

    static WatchedProcess self()
    {
        return new WatchedProcess("loadgen", ProcessHandle.current().pid(), false);
    }

    String role()
    {
        return role;
    }

    long pid()
    {
        return pid;
    }

    boolean isJvm()
    {
        return jvm;
    }

    /** User plus system CPU seconds so far, of the process and its children. */
    double cpuSeconds()
    {
        double ticks = 0;
        for (long process : processes()) {
            String stat = read(process, "stat");
            if (stat == null) {
                continue;
            }
            // fields after the parenthesised command: state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    long rssBytes()
    {
        return statusSum("VmRSS:") * 1024;
    }

    long threads()
    {
        return statusSum("Threads:");
    }

    OptionalLong heapUsedBytes(boolean afterGc)
    {
        if (!jvm) {
            return OptionalLong.empty();
        }
        try {
            MemoryMXBean bean = memory();
            if (afterGc) {
                bean.gc();
            }
            return OptionalLong.of(bean.getHeapMemoryUsage().getUsed());
        }
        catch (IOException | RuntimeException e) {
            System.err.printf("loadgen: cannot read the heap of %s (pid %d): %s%n", role, pid, e);
            return OptionalLong.empty();
        }
    }

    OptionalLong heapMaxBytes()
    {
        if (!jvm) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(memory().getHeapMemoryUsage().getMax());
        }
        catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private MemoryMXBean memory()
            throws IOException
    {
        if (memory == null) {
            String address;
            try {
                VirtualMachine machine = VirtualMachine.attach(Long.toString(pid));
                try {
                    address = machine.startLocalManagementAgent();
                }
                finally {
                    machine.detach();
                }
            }
            catch (com.sun.tools.attach.AttachNotSupportedException e) {
                throw new IOException(e);
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            memory = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        }
        return memory;
    }

    @Override
    public void close()
    {
        if (connector != null) {
            try {
                connector.close();
            }
            catch (IOException e) {
                System.err.printf("loadgen: closing JMX connection to %s: %s%n", role, e);
            }
            connector = null;
            memory = null;
        }
    }

    private List<Long> processes()
    {
        List<Long> all = new ArrayList<>(children.size() + 1);
        all.add(pid);
        all.addAll(children);
        return all;
    }

    private long statusSum(String key)
    {
        long sum = 0;
        for (long process : processes()) {
            String status = read(process, "status");
            if (status == null) {
                continue;
            }
            for (String line : status.split("\n")) {
                if (line.startsWith(key)) {
                    sum += Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        }
        return sum;
    }

    private static List<Long> findChildren(long parent)
    {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(process -> {
                        String stat = read(process, "stat");
                        return stat != null && Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]) == parent;
                    })
                    .toList();
        }
        catch (IOException e) {
            return List.of();
        }
    }

    private static String read(long process, String file)
    {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process), file));
        }
        catch (IOException e) {
            return null;
        }
    }
}
