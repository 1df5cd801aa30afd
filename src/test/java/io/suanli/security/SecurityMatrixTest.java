package io.suanli.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.suanli.support.auth.DefaultOperatorToken;
import io.suanli.support.auth.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every REST operation (from the served OpenAPI document) and every gRPC method (from server
 * reflection) × no token, expired token, wrong signature and each role, against {@link AccessRules}.
 * An operation or method without a rule fails the test: new endpoints are covered by construction.
 * Tenant A on tenant B's objects is in {@link TenantIsolationTest}.
 */
@QuarkusTest
class SecurityMatrixTest {

    /** Not an object: every body-taking operation refuses it after the role check, so nothing changes. */
    private static final String PROBE_BODY = "[]";
    private static final String PROBE_NAME = "matrix-probe";
    /** The tenant of the matrix's tenant token: an OWN_NAMED operation is probed with it (another name is 403 by rule). */
    static final String MATRIX_TENANT = "matrix-dept";
    private static final Set<String> OPEN_GRPC = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static ManagedChannel channel;

    /** A plaintext channel to the test service without the tests' default token (opened once RestAssured knows the port). */
    static synchronized ManagedChannel channel() {
        if (channel == null || channel.isShutdown()) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        }
        return channel;
    }

    @AfterAll
    static void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The credentials of one column of the matrix, and the role it carries (null for the bad ones). */
    record Credential(String name, String authorization, String role) {}

    static List<Credential> credentials() {
        List<Credential> all = new ArrayList<>();
        all.add(new Credential("no token", null, null));
        all.add(new Credential("expired token", TestTokens.bearer(TestTokens.expired()), null));
        all.add(new Credential("wrong signature", TestTokens.bearer(TestTokens.wrongSignature()), null));
        all.add(new Credential("not a JWT", "Bearer not-a-token", null));
        for (String role : Roles.BY_PRECEDENCE) {
            all.add(new Credential(role, TestTokens.bearer(TestTokens.forRole(role, Roles.TENANT.equals(role) ? MATRIX_TENANT : null)), role));
        }
        return all;
    }

    /** "METHOD /path" of every operation in the OpenAPI document the application serves. */
    static Set<String> restOperations() {
        Map<String, Map<String, Object>> paths = given().noFiltersOfType(DefaultOperatorToken.class)
                .get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().forEach(m -> operations.add(m.toUpperCase() + " " + path)));
        return operations;
    }

    /** "grpc service/Method" of every method the gRPC server offers (reflection), open services aside. */
    static Map<String, MethodDescriptor.MethodType> grpcMethods() throws Exception {
        Map<String, MethodDescriptor.MethodType> methods = new LinkedHashMap<>();
        List<ServerReflectionResponse> answers = reflect(ServerReflectionRequest.newBuilder().setListServices("*").build());
        for (ServiceResponse service : answers.get(0).getListServicesResponse().getServiceList()) {
            if (OPEN_GRPC.contains(service.getName())) {
                continue;
            }
            ServerReflectionResponse files = reflect(ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol(service.getName()).build()).get(0);
            for (var bytes : files.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
                for (ServiceDescriptorProto s : file.getServiceList()) {
                    String full = (file.getPackage().isEmpty() ? "" : file.getPackage() + ".") + s.getName();
                    if (!full.equals(service.getName())) {
                        continue;
                    }
                    for (MethodDescriptorProto m : s.getMethodList()) {
                        methods.put("grpc " + full + "/" + m.getName(), typeOf(m));
                    }
                }
            }
        }
        return methods;
    }

    @Test
    void everyRestOperationAndGrpcMethodHasAnAccessRule() throws Exception {
        Set<String> served = new TreeSet<>(restOperations());
        served.addAll(grpcMethods().keySet());
        assertThat(served).as("the application serves operations; the matrix must see them").hasSizeGreaterThan(30);
        assertThat(new TreeSet<>(AccessRules.RULES.keySet()))
                .as("AccessRules must name exactly the operations the application serves (add a rule for a new endpoint)")
                .isEqualTo(served);
    }

    @Test
    void everyRestOperationAnswersEachCredentialAsItsRuleSays() {
        List<String> wrong = new ArrayList<>();
        for (String operation : restOperations()) {
            AccessRules.Access access = AccessRules.RULES.get(operation);
            if (access == null) {
                wrong.add(operation + ": no access rule");
                continue;
            }
            for (Credential credential : credentials()) {
                boolean ownName = access.scope() == AccessRules.TenantScope.OWN_NAMED && Roles.TENANT.equals(credential.role());
                int status = status(operation, credential.authorization(), ownName ? MATRIX_TENANT : PROBE_NAME);
                int expected = expectedStatus(access, credential);
                boolean ok = expected == 0 ? status != 401 && status != 403 && status < 500 : status == expected;
                if (!ok) {
                    wrong.add(operation + " with " + credential.name() + ": " + status
                            + (expected == 0 ? " (expected admitted)" : " (expected " + expected + ")"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyGrpcMethodAnswersEachCredentialAsItsRuleSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, MethodDescriptor.MethodType> method : grpcMethods().entrySet()) {
            AccessRules.Access access = AccessRules.RULES.get(method.getKey());
            if (access == null) {
                wrong.add(method.getKey() + ": no access rule");
                continue;
            }
            for (Credential credential : credentials()) {
                Status.Code code = call(method.getKey().substring(5), method.getValue(), credential.authorization());
                int expected = expectedStatus(access, credential);
                boolean ok = switch (expected) {
                    case 401 -> code == Status.Code.UNAUTHENTICATED;
                    case 403 -> code == Status.Code.PERMISSION_DENIED;
                    default -> code != Status.Code.UNAUTHENTICATED && code != Status.Code.PERMISSION_DENIED
                            && code != Status.Code.INTERNAL && code != Status.Code.UNKNOWN;
                };
                if (!ok) {
                    wrong.add(method.getKey() + " with " + credential.name() + ": " + code + " (expected "
                            + (expected == 0 ? "admitted" : expected) + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** 401 for bad credentials, 403 for a role the rule leaves out, 0 for "admitted". */
    private static int expectedStatus(AccessRules.Access access, Credential credential) {
        if (credential.role() == null) {
            return 401;
        }
        return access.roles().contains(credential.role()) ? 0 : 403;
    }

    /**
     * The status an operation answers. A server-sent-events stream never ends once admitted, so
     * for those only the status line is read and the stream is closed.
     */
    static int status(String operation, String authorization, String pathValue) {
        if (!operation.startsWith("GET ") || !operation.endsWith("/stream")) {
            return send(operation, authorization, pathValue, PROBE_BODY, Map.of()).statusCode();
        }
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + RestAssured.port + operation.substring(4)))
                .header("Accept", "text/event-stream").timeout(java.time.Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response send(String operation, String authorization) {
        return send(operation, authorization, PROBE_NAME, PROBE_BODY, Map.of());
    }

    static Response send(String operation, String authorization, String pathValue, String body, Map<String, String> query) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", pathValue);
        RequestSpecification request = given().noFiltersOfType(DefaultOperatorToken.class).queryParams(query);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (method.equals("POST") || method.equals("PUT")) {
            request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, path);
    }

    /** Calls a method with an empty request message and answers the status (OK once a response arrives). */
    static Status.Code call(String fullMethod, MethodDescriptor.MethodType type, String authorization) throws Exception {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setFullMethodName(fullMethod).setType(type)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        ClientCall<byte[], byte[]> call = channel().newCall(descriptor, CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS));
        CompletableFuture<Status.Code> outcome = new CompletableFuture<>();
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(AUTHORIZATION, authorization);
        }
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                outcome.complete(Status.Code.OK);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                outcome.complete(status.getCode());
            }
        }, headers);
        call.request(1);
        call.sendMessage(new byte[0]);
        call.halfClose();
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } finally {
            call.cancel("matrix probe done", null);
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static MethodDescriptor.MethodType typeOf(MethodDescriptorProto m) {
        if (m.getClientStreaming() && m.getServerStreaming()) {
            return MethodDescriptor.MethodType.BIDI_STREAMING;
        }
        if (m.getClientStreaming()) {
            return MethodDescriptor.MethodType.CLIENT_STREAMING;
        }
        return m.getServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY;
    }

    private static List<ServerReflectionResponse> reflect(ServerReflectionRequest request) throws InterruptedException {
        List<ServerReflectionResponse> answers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel())
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answers.add(value);
                        done.countDown();
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        requests.onNext(request);
        done.await(10, TimeUnit.SECONDS);
        requests.onCompleted();
        if (answers.isEmpty()) {
            throw new IllegalStateException("no answer from gRPC server reflection");
        }
        return answers;
    }
}
