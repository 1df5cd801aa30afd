package io.suanli.support.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends an operator token on every call of the tests' {@code @GrpcClient} stubs that carries no
 * {@code authorization} metadata of its own. Tests that need other tokens (or none) build their
 * own channel, which this interceptor does not touch.
 */
@GlobalInterceptor
@ApplicationScoped
public class DefaultOperatorTokenGrpc implements ClientInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (!headers.containsKey(AUTHORIZATION)) {
                    headers.put(AUTHORIZATION, TestTokens.bearer(TestTokens.operator()));
                }
                super.start(listener, headers);
            }
        };
    }
}
