package io.suanli.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.suanli.grpc.v1.JobServiceGrpc;
import io.suanli.grpc.v1.JobSpec;
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobResult;
import io.suanli.grpc.v1.SubmitJobsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load generator for job submission against a running service (not run by the tests): REST with
 * N keep-alive clients, gRPC unary with N concurrent callers on one channel, and gRPC bulk
 * streaming. Every job carries a unique idempotency key; a job counts as accepted on a 201 or an
 * accepted bulk result, which the service gives only after the job's transaction committed.
 *
 * <p>Usage: {@code SubmitLoad [--url http://localhost:8080] [--mode rest|grpc-unary|grpc-stream|all]
 * [--jobs 20000] [--clients 64] [--streams 2] [--window 20000] [--warmup 2000] [--scenario FILE]
 * [--cpu-of service=PID,postgres=db:DATABASE]} (also prints the CPU per accepted job of those
 * processes and of the generator, {@link CpuMeter}) with an operator token in {@code SUANLI_TOKEN}
 * ({@code ./suanli token --role operator}); run the service with
 * {@code SUANLI_SECURITY_RATE_LIMIT_ENABLED=false} or the one operator is throttled.
 */
public final class SubmitLoad {

    private static final String TENANT = "transport";
    private static final String JOB_JSON = "{\"tenant\":\"" + TENANT + "\",\"cpuCores\":2,\"memoryGiB\":4,\"durationHours\":1,"
            + "\"priority\":10,\"image\":\"registry.city/bench:1\"}";

    private final String url;
    private final String authorization = "Bearer " + System.getenv().getOrDefault("SUANLI_TOKEN", "");
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong keys = new AtomicLong();

    private SubmitLoad(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8080");
        String mode = arg(args, "--mode", "all");
        int jobs = Integer.parseInt(arg(args, "--jobs", "20000"));
        int clients = Integer.parseInt(arg(args, "--clients", "64"));
        int streams = Integer.parseInt(arg(args, "--streams", "2"));
        int window = Integer.parseInt(arg(args, "--window", "20000"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "2000"));
        String scenario = arg(args, "--scenario", "src/test/resources/scenarios/tiny-1.json");

        CpuMeter cpu = CpuMeter.of(arg(args, "--cpu-of", ""));

        SubmitLoad load = new SubmitLoad(url);
        load.prepareEstate(Path.of(scenario));
        if (mode.equals("rest") || mode.equals("all")) {
            load.rest(warmup, clients).print("warm-up REST");
            CpuMeter.Mark mark = cpu.mark();
            Result result = load.rest(jobs, clients);
            result.print("REST, " + clients + " keep-alive clients (HTTP/1.1)");
            cpu.print(mark, result.accepted());
        }
        if (mode.equals("grpc-unary") || mode.equals("all")) {
            load.grpcUnary(warmup, clients).print("warm-up gRPC unary");
            CpuMeter.Mark mark = cpu.mark();
            Result result = load.grpcUnary(jobs, clients);
            result.print("gRPC unary SubmitJob, " + clients + " concurrent callers, one channel");
            cpu.print(mark, result.accepted());
        }
        if (mode.equals("grpc-stream") || mode.equals("all")) {
            load.grpcStream(warmup, streams, window).print("warm-up gRPC stream");
            CpuMeter.Mark mark = cpu.mark();
            Result result = load.grpcStream(jobs * 5, streams, window);
            result.print("gRPC SubmitJobs, " + streams + " streams, up to " + window + " unacknowledged per stream");
            cpu.print(mark, result.accepted());
        }
        // The HTTP clients' executors and gRPC's threads would keep the JVM alive.
        System.exit(0);
    }

    /** Imports the scenario, whose tenant {@value #TENANT} and nodes admit the benchmark's jobs. */
    private void prepareEstate(Path scenario) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/scenarios"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofFile(scenario)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("scenario import answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf("estate: imported %s (tenant '%s' admits the jobs)%n", scenario, TENANT);
    }

    private String nextKey() {
        return "bench-" + run + "-" + keys.incrementAndGet();
    }

    /**
     * REST: {@code clients} threads, each with its own keep-alive HTTP/1.1 connection, sending one
     * request after the other and waiting for each answer ({@link KeepAliveHttpClient}).
     */
    private Result rest(int jobs, int clients) throws Exception {
        URI target = URI.create(url + "/api/v1/jobs");
        String headers = "Content-Type: application/json\r\nAuthorization: " + authorization + "\r\n";
        byte[] body = JOB_JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<KeepAliveHttpClient> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<KeepAliveHttpClient> connections = ThreadLocal.withInitial(() -> {
            KeepAliveHttpClient client = new KeepAliveHttpClient(target);
            opened.add(client);
            return client;
        });
        try {
            return closedLoop(jobs, clients, () -> {
                KeepAliveHttpClient.Answer answer = connections.get()
                        .post(target.getRawPath(), headers + "Idempotency-Key: " + nextKey() + "\r\n", body);
                if (answer.status() != 201) {
                    throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
                }
            });
        } finally {
            opened.forEach(KeepAliveHttpClient::close);
        }
    }

    private ManagedChannel channel() {
        return channel(url, authorization);
    }

    /** A plaintext channel to the service's gRPC port (its HTTP port) that sends {@code authorization} on every call. */
    static ManagedChannel channel(String url, String authorization) {
        URI uri = URI.create(url);
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), authorization);
        return ManagedChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
                .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                .maxInboundMessageSize(64 << 20).build();
    }

    private static JobSpec grpcSpec() {
        return JobSpec.newBuilder().setTenant(TENANT).setCpuCores(2).setMemoryGib(4).setDurationHours(1).setPriority(10)
                .setImage("registry.city/bench:1").build();
    }

    /** gRPC unary: {@code clients} threads calling SubmitJob one after the other over one HTTP/2 channel. */
    private Result grpcUnary(int jobs, int clients) throws Exception {
        ManagedChannel channel = channel();
        try {
            JobServiceGrpc.JobServiceBlockingStub stub = JobServiceGrpc.newBlockingStub(channel);
            JobSpec spec = grpcSpec();
            return closedLoop(jobs, clients, () -> stub.submitJob(
                    SubmitJobRequest.newBuilder().setRequestId(nextKey()).setSpec(spec).build()));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * gRPC streaming: {@code streams} SubmitJobs streams, each sending as fast as its window of
     * unacknowledged jobs allows; a job's latency runs from its send to its batch's acknowledgement.
     */
    private Result grpcStream(int jobs, int streams, int window) throws Exception {
        ManagedChannel channel = channel();
        try {
            JobServiceGrpc.JobServiceStub stub = JobServiceGrpc.newStub(channel);
            JobSpec spec = grpcSpec();
            long[] latencies = new long[jobs];
            AtomicInteger accepted = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(streams);
            long start = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int from = (int) ((long) jobs * s / streams);
                int to = (int) ((long) jobs * (s + 1) / streams);
                long[] sentAt = new long[to - from];
                Semaphore inFlight = new Semaphore(window);
                StreamObserver<SubmitJobRequest> requests = stub.submitJobs(new StreamObserver<>() {
                    @Override
                    public void onNext(SubmitJobsResponse batch) {
                        long now = System.nanoTime();
                        for (SubmitJobResult r : batch.getResultsList()) {
                            int i = (int) r.getIndex();
                            if (r.hasAccepted()) {
                                accepted.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, new IllegalStateException(r.getError().getMessage()));
                            }
                            latencies[from + i] = now - sentAt[i];
                        }
                        inFlight.release(batch.getResultsCount());
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.compareAndSet(null, t);
                        inFlight.release(window);
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
                Thread sender = new Thread(() -> {
                    for (int i = 0; i < sentAt.length && failure.get() == null; i++) {
                        inFlight.acquireUninterruptibly();
                        sentAt[i] = System.nanoTime();
                        requests.onNext(SubmitJobRequest.newBuilder().setRequestId(nextKey()).setSpec(spec).build());
                    }
                    requests.onCompleted();
                });
                sender.start();
                senders.add(sender);
            }
            for (Thread t : senders) {
                t.join();
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("streams did not complete");
            }
            long elapsed = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("a bulk submission failed", failure.get());
            }
            return new Result(accepted.get(), elapsed, latencies);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** One submission; throws if the job was not accepted. */
    private interface Call {
        void submit() throws Exception;
    }

    private static Result closedLoop(int jobs, int clients, Call call) throws Exception {
        long[] latencies = new long[jobs];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ConcurrentHashMap<String, Integer> errors = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        call.submit();
                        accepted.incrementAndGet();
                    } catch (Exception e) {
                        errors.merge(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 1, Integer::sum);
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        if (!errors.isEmpty()) {
            System.out.println("  errors: " + errors);
        }
        return new Result(accepted.get(), elapsed, latencies);
    }

    /** Accepted jobs, wall time and per-job latencies of one run. */
    private record Result(int accepted, long elapsedNanos, long[] latencies) {

        void print(String what) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT,
                    "%-80s %7d jobs in %6.2f s = %8.0f accepted jobs/s; latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f%n",
                    what, accepted, elapsedNanos / 1e9, accepted / (elapsedNanos / 1e9),
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        }

        private static double ms(long[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
