package io.suanli.jobs.domain;

import io.suanli.catalog.domain.CatalogRules;
import io.suanli.common.problem.Violations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The field rules of a job spec (with defaults applied), each violation naming its field. */
public final class JobRules {

    public static final int MAX_TASKS = 10_000;
    public static final int MAX_DURATION_HOURS = 24 * 365;
    public static final int MAX_PRIORITY = 1_000_000;
    public static final int MAX_RETRIES = 10;
    public static final int MAX_LIST = 100;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9.-]{1,253}/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");

    private JobRules() {}

    public static void check(JobSpec spec, Violations v) {
        v.dnsLabel("tenant", spec.tenant());
        if (spec.externalId() != null) {
            v.name("externalId", spec.externalId());
        }
        v.range("tasks", spec.tasks(), 1, MAX_TASKS);
        v.range("cpuCores", spec.cpuCores(), 0, CatalogRules.MAX_CPU_CORES);
        v.range("memoryGiB", spec.memoryGiB(), 0, CatalogRules.MAX_MEMORY_GIB);
        if (v.range("gpus", spec.gpus(), 0, CatalogRules.MAX_GPUS) && spec.gpus() == 0 && spec.gpuModel() != null) {
            v.add("gpuModel", "must be absent when gpus = 0");
        }
        if (spec.gpuModel() != null) {
            v.name("gpuModel", spec.gpuModel());
        }
        if (spec.cpuCores() != null && spec.gpus() != null && spec.cpuCores() == 0 && spec.gpus() == 0) {
            v.add("cpuCores", "a task needs at least one CPU core or one GPU");
        }
        boolean durationOk = v.range("durationHours", spec.durationHours(), 1, MAX_DURATION_HOURS);
        if (durationOk && spec.deadline() != null && spec.earliestStart() != null) {
            var earliestEnd = spec.earliestStart().plus(Duration.ofHours(spec.durationHours()));
            if (spec.deadline().isBefore(earliestEnd)) {
                v.add("deadline", spec.deadline() + " is earlier than earliest start + duration (" + earliestEnd + ")");
            }
        }
        v.range("priority", spec.priority(), 1, MAX_PRIORITY);
        if (spec.dataSite() != null) {
            v.name("dataSite", spec.dataSite());
        }
        if (spec.maxLatencyMs() != null) {
            v.range("maxLatencyMs", spec.maxLatencyMs(), 0, CatalogRules.MAX_LATENCY_MS);
            if (spec.dataSite() == null) {
                v.add("maxLatencyMs", "needs dataSite: latency is measured from the job's data");
            }
        }
        checkNames("allowedRegions", spec.allowedRegions(), v);
        if (spec.maxPricePerHour() != null) {
            v.amount("maxPricePerHour", spec.maxPricePerHour(), CatalogRules.MAX_PRICE_DECIMALS, new BigDecimal("100000000"));
        }
        if (spec.image() != null && (spec.image().isBlank() || spec.image().length() > 512)) {
            v.add("image", "must be a container image reference of 1 to 512 characters");
        }
        checkSize("command", spec.command(), v);
        checkSize("args", spec.args(), v);
        checkMap("env", spec.env(), ENV_NAME, null, v);
        v.range("maxRetries", spec.maxRetries(), 0, MAX_RETRIES);
        checkMap("labels", spec.labels(), LABEL_KEY, LABEL_VALUE, v);
    }

    private static void checkNames(String field, List<String> names, Violations v) {
        checkSize(field, names, v);
        var seen = new HashSet<String>();
        for (int i = 0; i < names.size(); i++) {
            if (v.name(field + "[" + i + "]", names.get(i)) && !seen.add(names.get(i))) {
                v.add(field + "[" + i + "]", "'" + names.get(i) + "' is listed twice");
            }
        }
    }

    private static void checkSize(String field, List<String> list, Violations v) {
        if (list.size() > MAX_LIST) {
            v.add(field, "has " + list.size() + " entries; at most " + MAX_LIST);
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                v.add(field + "[" + i + "]", "must not be null");
            }
        }
    }

    private static void checkMap(String field, Map<String, String> map, Pattern key, Pattern value, Violations v) {
        if (map.size() > MAX_LIST) {
            v.add(field, "has " + map.size() + " entries; at most " + MAX_LIST);
        }
        map.forEach((k, val) -> {
            if (!key.matcher(k).matches()) {
                v.add(field + "." + k, "is not a valid key");
            } else if (val == null || (value != null && !value.matcher(val).matches()) || val.length() > 4096) {
                v.add(field + "." + k, "is not a valid value");
            }
        });
    }
}
