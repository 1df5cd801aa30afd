package io.suanli.security.grpc;

import io.grpc.Context;
import io.suanli.security.Caller;

/** The caller of the gRPC call being served, put in place by {@link GrpcAuthInterceptor}. */
public final class GrpcCallers {

    static final Context.Key<Caller> CALLER = Context.key("suanli-caller");

    private GrpcCallers() {}

    /** Read it when the service method is entered (streams: before returning the Multi). */
    public static Caller current() {
        Caller caller = CALLER.get();
        if (caller == null) {
            throw new IllegalStateException("no authenticated gRPC caller: is GrpcAuthInterceptor installed?");
        }
        return caller;
    }
}
