package io.suanli.metering.service;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import java.util.function.Supplier;

/**
 * Runs reactive work on a fresh duplicated Vert.x context: CDI observers, stream batches and
 * scheduled tasks arrive on threads without one, and Hibernate Reactive needs one per unit of work.
 */
public final class OnContext {

    private OnContext() {}

    public static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> work.get().subscribe().with(emitter::complete, emitter::fail));
        });
    }
}
