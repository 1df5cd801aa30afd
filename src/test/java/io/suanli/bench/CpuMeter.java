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

    /** A group's processes: fixed ids, or the backends of a PostgreSQL database (listed again at each mark). */
    private record Group(List<Long> pids, String database) {

        Map<Long, Double> cpuByPid() {
            Map<Long, Double> cpu = new LinkedHashMap<>();
            for (long pid : database == null ? pids : backendsOf(database)) {
                cpu.put(pid, cpuSeconds(pid));
            }
            return cpu;
        }
    }

    private final Map<String, Group> groups;

    private CpuMeter(Map<String, Group> groups) {
        this.groups = groups;
    }

    /**
     * Groups as {@code name=PID+PID,name=db:DATABASE}; empty for none. A database group is the
     * backends connected to it plus the WAL writer, listed by psql at each mark: a connection pool
     * may open a backend during the run, whose whole CPU time then counts.
     */
    static CpuMeter of(String spec) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (String group : spec.split(",")) {
            if (group.isBlank()) {
                continue;
            }
            String[] nameAndPids = group.split("=", 2);
            if (nameAndPids[1].startsWith("db:")) {
                groups.put(nameAndPids[0], new Group(List.of(), nameAndPids[1].substring(3)));
                continue;
            }
            List<Long> pids = new ArrayList<>();
            for (String pid : nameAndPids[1].split("\\+")) {
                if (!pid.isBlank()) {
                    pids.add(Long.parseLong(pid.trim()));
                }
            }
            groups.put(nameAndPids[0], new Group(pids, null));
        }
        return new CpuMeter(groups);
    }

    /** CPU seconds used so far by each group's processes and by this process, with the wall clock. */
    record Mark(Map<String, Map<Long, Double>> seconds, double self, long nanos) {}

    Mark mark() {
        Map<String, Map<Long, Double>> seconds = new LinkedHashMap<>();
        groups.forEach((name, group) -> seconds.put(name, group.cpuByPid()));
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
            Map<Long, Double> start = before.seconds().get(name);
            double used = 0;
            for (Map.Entry<Long, Double> pid : after.seconds().get(name).entrySet()) {
                used += pid.getValue() - start.getOrDefault(pid.getKey(), 0.0);
            }
            total += used;
            line.append(String.format(Locale.ROOT, " %s %.3f (%.0f %% of a core);", name, 1000 * used / accepted, 100 * used / wall));
        }
        double self = after.self() - before.self();
        total += self;
        line.append(String.format(Locale.ROOT, " load generator %.3f (%.0f %% of a core); total %.3f", 1000 * self / accepted,
                100 * self / wall, 1000 * total / accepted));
        System.out.println(line);
    }

    private static List<Long> backendsOf(String database) {
        try {
            Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc",
                    "select pid from pg_stat_activity where datname = '" + database.replace("'", "''")
                            + "' or backend_type = 'walwriter'")
                    .redirectErrorStream(true).start();
            List<Long> pids = new ArrayList<>();
            for (String line : new String(psql.getInputStream().readAllBytes()).split("\n")) {
                if (line.trim().matches("\\d+")) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
            psql.waitFor();
            return pids;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
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
