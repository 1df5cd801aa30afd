package io.suanli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per accepted job of named groups of processes (the service, PostgreSQL's backends) and
 * of the load generator itself, read from {@code /proc/PID/stat} around a measured run. On a
 * shared machine this figure, unlike jobs per second, does not depend on what else is running.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc/PID/stat}'s utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, List<Long>> groups;

    private CpuMeter(Map<String, List<Long>> groups) {
        this.groups = groups;
    }

    /** Groups as {@code name=PID+PID,name=PID}; empty for none. */
    static CpuMeter of(String spec) {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        for (String group : spec.split(",")) {
            if (group.isBlank()) {
                continue;
            }
            String[] nameAndPids = group.split("=", 2);
            List<Long> pids = new ArrayList<>();
            for (String pid : nameAndPids[1].split("\\+")) {
                if (!pid.isBlank()) {
                    pids.add(Long.parseLong(pid.trim()));
                }
            }
            groups.put(nameAndPids[0], pids);
        }
        return new CpuMeter(groups);
    }

    /** CPU seconds used so far by each group and by this process, with the wall clock. */
    record Mark(Map<String, Double> seconds, double self, long nanos) {}

    Mark mark() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        groups.forEach((name, pids) -> seconds.put(name, pids.stream().mapToDouble(CpuMeter::cpuSeconds).sum()));
        double self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new Mark(seconds, self, System.nanoTime());
    }

    /** Prints each group's CPU milliseconds per accepted job since {@code before}, and the load generator's. */
    void print(Mark before, int accepted) {
        Mark after = mark();
        double wall = (after.nanos() - before.nanos()) / 1e9;
        StringBuilder line = new StringBuilder("  CPU ms per accepted job:");
        double total = 0;
        for (String name : groups.keySet()) {
            double used = after.seconds().get(name) - before.seconds().get(name);
            total += used;
            line.append(String.format(Locale.ROOT, " %s %.3f (%.0f %% of a core);", name, 1000 * used / accepted, 100 * used / wall));
        }
        double self = after.self() - before.self();
        total += self;
        line.append(String.format(Locale.ROOT, " load generator %.3f (%.0f %% of a core); total %.3f", 1000 * self / accepted,
                100 * self / wall, 1000 * total / accepted));
        System.out.println(line);
    }

    /** utime + stime of a process (0 once it has gone), in seconds. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
