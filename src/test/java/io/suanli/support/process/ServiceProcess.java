package io.suanli.support.process;

import io.suanli.security.LocalKeys;
import io.suanli.security.LocalTokens;
import io.suanli.security.Roles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}) as
 * a separate operating-system process on a free port and a given database: started, waited for
 * until ready, stopped gently or killed with SIGKILL, and started again on the same database.
 * Its output goes to {@code target/it-logs/}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The key pair the process trusts, made once outside the repository's sources. */
    private static final Path KEYS = LocalKeys.ensure(Path.of("target", "it-keys").toAbsolutePath());
    private static final String OPERATOR_TOKEN = LocalTokens.sign(KEYS, "suanli-local", "it-operator", Roles.OPERATOR, null,
            Duration.ofHours(6));

    private final TestDatabase database;
    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final java.util.Map<String, String> env;

    private ServiceProcess(TestDatabase database, String name, int port, Process process, Path log, java.util.Map<String, String> env) {
        this.database = database;
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.env = env;
    }

    /** Starts the service on {@code database} and returns once {@code /q/health/ready} answers 200. */
    public static ServiceProcess start(TestDatabase database, String name) throws IOException, InterruptedException {
        return start(database, name, java.util.Map.of());
    }

    /** Like {@link #start(TestDatabase, String)}, with extra environment variables (configuration). */
    public static ServiceProcess start(TestDatabase database, String name, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        return start(database, name, env, freePort());
    }

    private static ServiceProcess start(TestDatabase database, String name, java.util.Map<String, String> env, int port)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("suanli.app.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: process tests run after 'package' (./mvnw verify)");
        }
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = logs.resolve(name + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", database.user());
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        builder.environment().remove("QUARKUS_PROFILE");
        // Production profile: it needs a verification key (the tests' local pair) and, for load, wide rate limits.
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEYS.resolve(LocalKeys.PUBLIC_KEY).toString());
        builder.environment().put("SUANLI_SECURITY_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000");
        builder.environment().put("SUANLI_SECURITY_RATE_LIMIT_BURST", "1000000");
        builder.environment().putAll(env);
        ServiceProcess service = new ServiceProcess(database, name, port, builder.start(), log, env);
        service.awaitReady();
        return service;
    }

    /** A new process on the same database (after {@link #kill()} or {@link #stop()}). */
    public ServiceProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("stop or kill the running process first");
        }
        return start(database, name, env);
    }

    /** An operator token the process accepts (for a browser's sign-in). */
    public static String operatorToken() {
        return OPERATOR_TOKEN;
    }

    /** A request to {@code path} carrying an operator token the process accepts. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + OPERATOR_TOKEN);
    }

    /** A new process on the same database and port, as after a redeploy: clients keep their URL. */
    public ServiceProcess restartOnSamePort() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("stop or kill the running process first");
        }
        return start(database, name, env, port);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to finish anything. Returns once the OS reports it gone. */
    public void kill() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + pid() + " survived SIGKILL");
        }
        Optional<ProcessHandle> after = ProcessHandle.of(handle.pid());
        if (after.isPresent() && after.get().isAlive()) {
            throw new IllegalStateException("process " + pid() + " is still alive after SIGKILL");
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within 20 s. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code as the OS reports it (137 after SIGKILL on Linux, 128 + 9). */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        kill();
        throw new IllegalStateException("service not ready within " + READY_TIMEOUT + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
