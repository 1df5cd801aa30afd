package io.suanli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Job stream for the live scheduler benchmark (not run by the tests): either a burst of N jobs
 * submitted as fast as the service accepts them, or a steady rate for some seconds. A mix of small
 * CPU jobs (1-8 cores, 1-4 h, priorities 1-10) of tenant {@code transport}. Prints when the last
 * job was acknowledged (epoch ms), so the script can time planning from there.
 *
 * <p>Usage: {@code LiveLoad --url http://localhost:8092 (--burst 10000 | --rate 200 --seconds 60) [--clients 64]}
 */
public final class LiveLoad {

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8092");
        int burst = Integer.parseInt(arg(args, "--burst", "0"));
        int rate = Integer.parseInt(arg(args, "--rate", "0"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "60"));
        int clients = Integer.parseInt(arg(args, "--clients", "64"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(clients);
        AtomicInteger accepted = new AtomicInteger(), refused = new AtomicInteger();
        Random random = new Random(42);
        int total = burst > 0 ? burst : rate * seconds;
        long start = System.nanoTime();
        CompletableFuture<?>[] all = new CompletableFuture<?>[total];
        for (int i = 0; i < total; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inFlight.acquire();
            String body = "{\"tenant\":\"transport\",\"cpuCores\":" + (1 << random.nextInt(4)) + ",\"memoryGiB\":" + (2 + random.nextInt(14))
                    + ",\"durationHours\":" + (1 + random.nextInt(4)) + ",\"priority\":" + (1 + random.nextInt(10)) + "}";
            all[i] = http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs")).header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + System.getenv().getOrDefault("SUANLI_TOKEN", ""))
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        inFlight.release();
                        if (e == null && r.statusCode() == 201) accepted.incrementAndGet();
                        else refused.incrementAndGet();
                    });
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).join();
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("submitted %d jobs in %.1f s (%.0f/s): %d accepted, %d refused%n", total, took, total / took,
                accepted.get(), refused.get());
        System.out.println("last-ack-epoch-ms " + System.currentTimeMillis());
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
