package io.suanli.bench;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.suanli.grpc.v1.JobServiceGrpc;
import io.suanli.grpc.v1.JobSpec;
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobResult;
import io.suanli.grpc.v1.SubmitJobsResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Job stream for the live scheduler benchmark (not run by the tests): either a burst of N jobs
 * submitted at once, or a steady rate over REST for some seconds, of tenant {@code transport}.
 * Two mixes: {@code small} CPU jobs (1 task of 1-8 cores, 1-4 h, priorities 1-10), or {@code busy}
 * gangs of 1-3 tasks of 8, 16 or 32 cores and 4 GiB per core for 1-4 h: 93 core-hours a job on
 * average, so that 200 jobs/s on large-1 (238,848 cores) at one hour slot per 10 s asks for about
 * 78 % of its CPU. Prints when the first job was sent and
 * the last acknowledged (epoch ms), so the script can time planning from there.
 *
 * <p>The burst goes over one gRPC {@code SubmitJobs} stream by default (the bulk path: 10,000
 * jobs take a few seconds), or over REST with {@code --via rest}.
 *
 * <p>Usage: {@code LiveLoad --url http://localhost:8092 (--burst 10000 [--via grpc|rest] | --rate 200 --seconds 60) [--mix small|busy] [--clients 64]}
 */
public final class LiveLoad {

    private static final String AUTHORIZATION = "Bearer " + System.getenv().getOrDefault("SUANLI_TOKEN", "");

    private final Random random = new Random(42);
    private final boolean busy;

    private LiveLoad(boolean busy) {
        this.busy = busy;
    }

    /** The next job of the mix: tasks, cores per task, memory per task (GiB), hours, priority. */
    private synchronized int[] nextJob() {
        if (busy) {
            int cores = 8 << random.nextInt(3);
            return new int[] {1 + random.nextInt(3), cores, 4 * cores, 1 + random.nextInt(4), 1 + random.nextInt(10)};
        }
        return new int[] {1, 1 << random.nextInt(4), 2 + random.nextInt(14), 1 + random.nextInt(4), 1 + random.nextInt(10)};
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8092");
        int burst = Integer.parseInt(arg(args, "--burst", "0"));
        int rate = Integer.parseInt(arg(args, "--rate", "0"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "60"));
        int clients = Integer.parseInt(arg(args, "--clients", "64"));
        LiveLoad load = new LiveLoad(arg(args, "--mix", "small").equals("busy"));
        if (burst > 0 && arg(args, "--via", "grpc").equals("grpc")) {
            load.grpcBurst(url, burst);
        } else {
            load.rest(url, burst > 0 ? burst : rate * seconds, burst > 0 ? 0 : rate, clients);
        }
        System.exit(0); // gRPC's threads would keep the JVM alive
    }

    /**
     * {@code clients} threads, each on its own keep-alive connection ({@link KeepAliveHttpClient}:
     * java.net.http's client cost 0.5 ms of CPU per request, CPU this machine's service needs),
     * sending one job after the other; with a rate, job i is not sent before start + i / rate.
     */
    private void rest(String url, int total, int rate, int clients) throws Exception {
        URI target = URI.create(url);
        String headers = "Content-Type: application/json\r\nAuthorization: " + AUTHORIZATION + "\r\n";
        AtomicInteger next = new AtomicInteger(), accepted = new AtomicInteger(), refused = new AtomicInteger();
        long start = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try (KeepAliveHttpClient http = new KeepAliveHttpClient(target)) {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        if (rate > 0) {
                            long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        int[] job = nextJob();
                        String body = "{\"tenant\":\"transport\",\"tasks\":" + job[0] + ",\"cpuCores\":" + job[1] + ",\"memoryGiB\":" + job[2]
                                + ",\"durationHours\":" + job[3] + ",\"priority\":" + job[4] + "}";
                        try {
                            KeepAliveHttpClient.Answer answer = http.post("/api/v1/jobs", headers, body.getBytes(StandardCharsets.UTF_8));
                            if (answer.status() == 201) accepted.incrementAndGet();
                            else refused.incrementAndGet();
                        } catch (IOException e) {
                            refused.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "client-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        report("REST, " + clients + " clients", total, start, startedAt, accepted.get(), refused.get());
    }

    /** The burst over one SubmitJobs stream, every job sent at once; each batch is acknowledged after its commit. */
    private void grpcBurst(String url, int total) throws Exception {
        ManagedChannel channel = SubmitLoad.channel(url, AUTHORIZATION);
        AtomicInteger accepted = new AtomicInteger(), refused = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        StreamObserver<SubmitJobRequest> requests = JobServiceGrpc.newStub(channel).submitJobs(new StreamObserver<>() {
            @Override
            public void onNext(SubmitJobsResponse batch) {
                for (SubmitJobResult r : batch.getResultsList()) {
                    if (r.hasAccepted()) accepted.incrementAndGet();
                    else refused.incrementAndGet();
                }
            }

            @Override
            public void onError(Throwable t) {
                System.err.println("the stream failed: " + t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < total; i++) {
            int[] job = nextJob();
            JobSpec spec = JobSpec.newBuilder().setTenant("transport").setTasks(job[0]).setCpuCores(job[1])
                    .setMemoryGib(job[2]).setDurationHours(job[3]).setPriority(job[4]).build();
            requests.onNext(SubmitJobRequest.newBuilder().setRequestId("live-" + run + "-" + i).setSpec(spec).build());
        }
        requests.onCompleted();
        if (!done.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the stream did not complete");
        report("gRPC SubmitJobs, one stream", total, start, startedAt, accepted.get(), refused.get());
        channel.shutdownNow();
    }

    private static void report(String via, int total, long start, long startedAt, int accepted, int refused) {
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("submitted %d jobs in %.1f s (%.0f/s) over %s: %d accepted, %d refused%n", total, took, total / took,
                via, accepted, refused);
        System.out.println("first-sent-epoch-ms " + startedAt);
        System.out.println("last-ack-epoch-ms " + System.currentTimeMillis());
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
