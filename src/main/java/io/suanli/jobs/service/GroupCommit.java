package io.suanli.jobs.service;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Group commit for single submissions: requests that arrive while earlier ones are committing
 * wait and are then committed together in one transaction, each answered only after it. With no
 * load a request is committed at once, alone; under load the transactions, round trips and
 * fsyncs are shared instead of queueing for the connection pool one by one.
 */
final class GroupCommit {

    private final Function<List<Submission>, Uni<List<SubmissionResult>>> submitAll;
    private final Vertx vertx;
    private final int maxBatch;
    private final int maxInFlight;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    /** A submission waiting for its batch, who to answer, and on which context (null off Vert.x). */
    private record Pending(Submission submission, UniEmitter<? super SubmissionResult> answer, Context caller) {

        void complete(SubmissionResult result) {
            onCaller(() -> answer.complete(result));
        }

        void fail(Throwable failure) {
            onCaller(() -> answer.fail(failure));
        }

        // The caller goes on where it came from, not on the batch's context, which hundreds share.
        private void onCaller(Runnable action) {
            if (caller == null) {
                action.run();
            } else {
                caller.runOnContext(ignored -> action.run());
            }
        }
    }

    GroupCommit(Function<List<Submission>, Uni<List<SubmissionResult>>> submitAll, Vertx vertx, int maxBatch, int maxInFlight) {
        this.submitAll = submitAll;
        this.vertx = vertx;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    Uni<SubmissionResult> submit(Submission submission) {
        return Uni.createFrom().emitter(answer -> {
            synchronized (queue) {
                queue.add(new Pending(submission, answer, Vertx.currentContext()));
            }
            drain();
        });
    }

    private void drain() {
        List<Pending> batch;
        synchronized (queue) {
            if (inFlight >= maxInFlight || queue.isEmpty()) {
                return;
            }
            inFlight++;
            batch = takeBatch();
        }
        // Each batch is its own transaction on its own context: Hibernate Reactive keeps the open
        // session on the context, so two batches must never share one.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> submitAll.apply(batch.stream().map(Pending::submission).toList())
                .subscribe().with(results -> {
                    finished();
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).complete(results.get(i));
                    }
                }, failure -> {
                    finished();
                    if (batch.size() == 1) {
                        batch.get(0).fail(failure);
                    } else {
                        // One bad row must not fail its neighbours: each goes again on its own.
                        batch.forEach(this::submitAlone);
                    }
                }));
    }

    private void submitAlone(Pending pending) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> submitAll.apply(List.of(pending.submission()))
                .subscribe().with(results -> pending.complete(results.get(0)), pending::fail));
    }

    /**
     * Up to {@code maxBatch} queued submissions, leaving for the next batch any that shares a
     * tenant and key or external id with one already taken: a repeat must see the first one
     * stored and be answered as a replay, as it would be if it had come a moment later.
     */
    private List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Pending p = it.next();
            var spec = p.submission().spec();
            String tenant = spec == null ? null : spec.tenant();
            String requestKey = p.submission().requestId() == null ? null : tenant + "\nr\n" + p.submission().requestId();
            String externalKey = spec == null || spec.externalId() == null ? null : tenant + "\ne\n" + spec.externalId();
            if ((requestKey != null && keys.contains(requestKey)) || (externalKey != null && keys.contains(externalKey))) {
                continue;
            }
            if (requestKey != null) {
                keys.add(requestKey);
            }
            if (externalKey != null) {
                keys.add(externalKey);
            }
            batch.add(p);
            it.remove();
        }
        return batch;
    }

    private void finished() {
        synchronized (queue) {
            inFlight--;
        }
        drain();
    }
}
