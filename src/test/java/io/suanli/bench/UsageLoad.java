package io.suanli.bench;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.suanli.grpc.v1.MeteringServiceGrpc;
import io.suanli.grpc.v1.PullUsageRequest;
import io.suanli.grpc.v1.PullUsageResponse;
import io.suanli.grpc.v1.ReportUsageRequest;
import io.suanli.grpc.v1.ReportUsageResponse;
import io.suanli.grpc.v1.UsageReport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load generator for metering and settlement against a running service (not run by the tests):
 * sets up an estate, jobs and committed plans, then measures gRPC ingestion (batches of 1,000,
 * each acknowledged after its commit), gRPC pull, the FOCUS CSV export and settling into the ledger.
 *
 * <p>Usage: {@code UsageLoad --url http://localhost:8094 --jdbc jdbc:postgresql://127.0.0.1:5432/db
 * [--records 1000000] [--jobs 1000] [--window 8] [--phases ingest,pull,focus,settle] [--prefix P] [--service-pid PID]
 * [--pull-page 5000]}
 *
 * <p>{@code --phases} runs only some phases; without {@code ingest} the pull reads the whole feed and
 * the export reads the tenant of an earlier run named by {@code --prefix}. With {@code --service-pid}
 * each phase also prints the CPU time the service and the database's backends spent per record
 * (from /proc, so service and PostgreSQL must run on this machine): on a shared machine that is
 * steadier than wall time.
 */
public final class UsageLoad {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int TASKS = 4;
    private static final int HOURS = 720;
    /** Records per PullUsage response ({@code --pull-page}); the targets were set for 5,000. */
    private static int pullPage = 5_000;

    private final String url;
    private final String jdbc;
    private final int records;
    private final int jobs;
    private final int window;
    private final String prefix;
    private final java.util.Set<String> phases;
    private final long servicePid;
    private final HttpClient http = HttpClient.newHttpClient();

    private UsageLoad(String url, String jdbc, int records, int jobs, int window, String prefix, java.util.Set<String> phases,
            long servicePid) {
        this.url = url;
        this.jdbc = jdbc;
        this.records = records;
        this.jobs = jobs;
        this.window = window;
        this.prefix = prefix;
        this.phases = phases;
        this.servicePid = servicePid;
    }

    public static void main(String[] args) throws Exception {
        String url = "http://localhost:8094";
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/test_settle";
        int records = 1_000_000;
        int jobs = 1_000;
        int window = 8;
        String prefix = "b" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        java.util.Set<String> phases = java.util.Set.of("ingest", "pull", "focus", "settle");
        long servicePid = 0;
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--jdbc" -> jdbc = args[i + 1];
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--jobs" -> jobs = Integer.parseInt(args[i + 1]);
                case "--window" -> window = Integer.parseInt(args[i + 1]);
                case "--prefix" -> prefix = args[i + 1];
                case "--phases" -> phases = java.util.Set.of(args[i + 1].split(","));
                case "--service-pid" -> servicePid = Long.parseLong(args[i + 1]);
                case "--pull-page" -> pullPage = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new UsageLoad(url, jdbc, records, jobs, window, prefix, phases, servicePid).run();
    }

    /** An operator token from {@code SUANLI_TOKEN} (the benchmark script makes one with ./suanli token). */
    private static final String AUTHORIZATION = "Bearer " + System.getenv().getOrDefault("SUANLI_TOKEN", "");

    private static io.grpc.Metadata authorizationHeader() {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), AUTHORIZATION);
        return headers;
    }

    private void run() throws Exception {
        boolean ingesting = phases.contains("ingest");
        List<String> jobIds = ingesting ? setUp() : List.of();
        ManagedChannel channel = ManagedChannelBuilder.forAddress(URI.create(url).getHost(), URI.create(url).getPort())
                .usePlaintext().maxInboundMessageSize(64 << 20)
                .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(authorizationHeader())).build();
        try {
            String before = ingesting ? pullPosition(channel) : "";
            if (ingesting) {
                measured("ingest", () -> ingest(channel, jobIds));
            }
            if (phases.contains("pull")) {
                measured("pull", () -> pull(channel, before));
            }
            if (phases.contains("focus")) {
                measured("focus", this::focus);
            }
            if (phases.contains("settle")) {
                measured("settle", this::settle);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Records the running phase handled (the pull counts what it received). */
    private long phaseRecords;

    private interface Phase {
        void run() throws Exception;
    }

    /** Runs a phase and, given the service's pid, prints the CPU seconds it and PostgreSQL spent on it. */
    private void measured(String name, Phase phase) throws Exception {
        if (servicePid == 0) {
            phase.run();
            return;
        }
        phaseRecords = records;
        java.util.Map<Long, Long> pgBefore = postgresTicks();
        long serviceBefore = ticks(servicePid);
        long clientBefore = ticks(ProcessHandle.current().pid());
        phase.run();
        long service = ticks(servicePid) - serviceBefore;
        long client = ticks(ProcessHandle.current().pid()) - clientBefore;
        long pg = 0;
        for (var e : postgresTicks().entrySet()) {
            pg += e.getValue() - pgBefore.getOrDefault(e.getKey(), 0L);
        }
        double hz = 100.0;
        long n = phaseRecords;
        System.out.printf(Locale.ROOT, "  %s CPU: service %.2f s (%.2f us/record), postgres %.2f s (%.2f us/record),"
                + " this client %.2f s (%.2f us/record), %d records%n", name, service / hz, service / hz * 1e6 / n, pg / hz,
                pg / hz * 1e6 / n, client / hz, client / hz * 1e6 / n, n);
    }

    /** utime + stime of a process in clock ticks (USER_HZ, 100 on Linux); 0 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** CPU ticks of every backend connected to the benchmark's database, by pid. */
    private java.util.Map<Long, Long> postgresTicks() throws Exception {
        java.util.Map<Long, Long> ticks = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                var rs = c.createStatement().executeQuery("select pid from pg_stat_activity where datname = current_database()"
                        + " and pid <> pg_backend_pid()")) {
            while (rs.next()) {
                ticks.put(rs.getLong(1), ticks(rs.getLong(1)));
            }
        }
        return ticks;
    }

    /** An estate of one site with enough nodes, a tenant, and {@code jobs} committed jobs of 4 tasks over 30 days. */
    private List<String> setUp() throws Exception {
        post("/api/v1/regions", "{\"name\":\"" + prefix + "-r\",\"carbonStartsAt\":\"2026-11-01T00:00:00Z\",\"carbonIntensity\":[500,480,460]}");
        post("/api/v1/sites", "{\"name\":\"" + prefix + "-s\",\"region\":\"" + prefix + "-r\",\"tier\":\"INTELLIGENT\",\"pue\":1.2}");
        for (int n = 0; n < TASKS; n++) {
            post("/api/v1/nodes", "{\"name\":\"" + prefix + "-n" + n + "\",\"site\":\"" + prefix + "-s\",\"cpuCores\":128,"
                    + "\"memoryGiB\":1024,\"gpus\":8,\"gpuModel\":\"H100\",\"pricePerHour\":{\"cpuCore\":0.12,\"memoryGiB\":0.015,"
                    + "\"gpu\":22.123456},\"powerWatts\":{\"cpuCore\":6,\"gpu\":650}}");
        }
        post("/api/v1/tenants", "{\"name\":\"" + prefix + "-t\"}");
        List<String> ids = new ArrayList<>();
        String job = "{\"tenant\":\"" + prefix + "-t\",\"tasks\":" + TASKS + ",\"cpuCores\":16,\"memoryGiB\":64,\"gpus\":1,"
                + "\"durationHours\":1,\"priority\":1,\"image\":\"bench:1\"}";
        for (int j = 0; j < jobs; j++) {
            String body = post("/api/v1/jobs", job);
            int at = body.indexOf("\"id\":\"") + 6;
            ids.add(body.substring(at, body.indexOf('"', at)));
        }
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            try (PreparedStatement plan = c.prepareStatement("insert into job_plan (job_id, attempt, site, starts_at, ends_at,"
                    + " hourly_price, quoted_cost, carbon_kg, planned_at, committed_at) select unnest(?::uuid[]), 0, ?, ?::timestamptz,"
                    + " ?::timestamptz, 1, 1, 1, now(), now()")) {
                plan.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                plan.setString(2, prefix + "-s");
                plan.setString(3, START.toString());
                plan.setString(4, START.plusSeconds(HOURS * 3600L).toString());
                plan.executeUpdate();
            }
            for (int t = 0; t < TASKS; t++) {
                try (PreparedStatement task = c.prepareStatement("insert into job_plan_task (job_id, task, node, price_cpu_core,"
                        + " price_memory_gib, price_gpu) select unnest(?::uuid[]), ?, ?, 0.12, 0.015, 22.123456")) {
                    task.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    task.setInt(2, t);
                    task.setString(3, prefix + "-n" + t);
                    task.executeUpdate();
                }
            }
        }
        System.out.printf("set up %d jobs of %d tasks (prefix %s)%n", jobs, TASKS, prefix);
        return ids;
    }

    /** Records in (job, hour, task) order: one per task and hour, as the meter writes them. */
    private Iterator<UsageReport> reports(List<String> jobIds) {
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < records;
            }

            @Override
            public UsageReport next() {
                long n = i++;
                int task = (int) (n % TASKS);
                long hour = (n / TASKS) % HOURS;
                String job = jobIds.get((int) ((n / TASKS / HOURS) % jobIds.size()));
                long start = START.getEpochSecond() + hour * 3600;
                return UsageReport.newBuilder().setId(prefix + "-" + n).setJobId(job).setTask(task)
                        .setStartsAt(Timestamp.newBuilder().setSeconds(start)).setEndsAt(Timestamp.newBuilder().setSeconds(start + 3600))
                        .setCpuCoreHours("16").setMemoryGibHours("64").setGpuHours("1").setCurrency("CNY").build();
            }
        };
    }

    private void ingest(ManagedChannel channel, List<String> jobIds) throws Exception {
        Iterator<UsageReport> source = reports(jobIds);
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong inserted = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        StreamObserver<ReportUsageRequest> requests = MeteringServiceGrpc.newStub(channel).reportUsage(new StreamObserver<>() {
            @Override
            public void onNext(ReportUsageResponse r) {
                if (r.hasError()) {
                    failed.compareAndSet(null, new IllegalStateException(r.getError().getMessage()));
                }
                inserted.addAndGet(r.getInserted());
                inFlight.release();
            }

            @Override
            public void onError(Throwable t) {
                failed.set(t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        while (source.hasNext() && failed.get() == null) {
            ReportUsageRequest.Builder batch = ReportUsageRequest.newBuilder();
            for (int i = 0; i < 1_000 && source.hasNext(); i++) {
                batch.addRecords(source.next());
            }
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (failed.get() != null) {
                    throw new IllegalStateException("ingest failed", failed.get());
                }
            }
            requests.onNext(batch.build());
        }
        requests.onCompleted();
        done.await();
        if (failed.get() != null) {
            throw new IllegalStateException("ingest failed", failed.get());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "ingest gRPC: %d records in %.1f s = %.0f records/s (batches of 1000, window %d)%n",
                inserted.get(), s, inserted.get() / s, window);
    }

    private String pullPosition(ManagedChannel channel) {
        String position = "";
        Iterator<PullUsageResponse> pages = MeteringServiceGrpc.newBlockingStub(channel)
                .pullUsage(PullUsageRequest.newBuilder().setPageSize(5_000).build());
        while (pages.hasNext()) {
            position = pages.next().getPosition();
        }
        return position;
    }

    private void pull(ManagedChannel channel, String after) {
        long t0 = System.nanoTime();
        long n = 0;
        Iterator<PullUsageResponse> pages = MeteringServiceGrpc.newBlockingStub(channel)
                .pullUsage(PullUsageRequest.newBuilder().setAfter(after).setPageSize(pullPage).build());
        while (pages.hasNext()) {
            n += pages.next().getRecordsCount();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        phaseRecords = n;
        System.out.printf(Locale.ROOT, "pull gRPC: %d records in %.1f s = %.0f records/s (pages of %d)%n", n, s, n / s, pullPage);
    }

    private void focus() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder().header("Authorization", AUTHORIZATION).uri(URI.create(url + "/api/v1/usage.csv?from="
                + START + "&to=" + START.plusSeconds(HOURS * 3600L) + "&tenant=" + prefix + "-t")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int r; (r = in.read(buffer)) > 0; ) {
                bytes += r;
                for (int i = 0; i < r; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "FOCUS CSV: HTTP %d, %d rows (%d MB) in %.1f s = %.0f records/s%n", response.statusCode(),
                lines - 1, bytes >> 20, s, records / s);
    }

    private void settle() throws Exception {
        long t0 = System.nanoTime();
        String settled = http.send(HttpRequest.newBuilder().header("Authorization", AUTHORIZATION).uri(URI.create(url + "/api/v1/settlement/usage:settle"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofMinutes(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double s = (System.nanoTime() - t0) / 1e9;
        String audit = http.send(HttpRequest.newBuilder().header("Authorization", AUTHORIZATION).uri(URI.create(url + "/api/v1/settlement/ledger/audit")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        System.out.printf(Locale.ROOT, "settle: %s in %.1f s; ledger audit %s%n", settled, s, audit);
    }

    private String post(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder().header("Authorization", AUTHORIZATION).uri(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
