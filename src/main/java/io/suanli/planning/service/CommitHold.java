package io.suanli.planning.service;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The budget hold taken when a plan is committed, in the commit's own transaction (settlement
 * implements it as a CDI bean; without one, plans are committed with no hold). A refused hold
 * sends the job back to the queue with the reason {@link #INSUFFICIENT_BUDGET}.
 */
public interface CommitHold {

    String INSUFFICIENT_BUDGET = "insufficient budget";

    /** Whether the hold was taken, and if not why. */
    record HoldResult(boolean held, String reason) {
        public static HoldResult taken() {
            return new HoldResult(true, null);
        }

        public static HoldResult refused(String reason) {
            return new HoldResult(false, reason);
        }
    }

    /** Holds {@code quotedCost} of the tenant's budget for the job, in the session's transaction. */
    Uni<HoldResult> hold(Mutiny.Session session, UUID jobId, String tenant, BigDecimal quotedCost);

    /** One job of a commit batch: whose budget and how much. */
    record Request(UUID jobId, String tenant, BigDecimal quotedCost) {}

    /**
     * Holds for a whole commit batch in the given order (a later job may find the budget spent by
     * an earlier one); the answer per job. One by one unless the implementation knows better.
     */
    default Uni<Map<UUID, HoldResult>> holdAll(Mutiny.Session session, List<Request> requests) {
        Map<UUID, HoldResult> results = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Request r : requests) {
            chain = chain.chain(() -> hold(session, r.jobId(), r.tenant(), r.quotedCost()).invoke(h -> results.put(r.jobId(), h)))
                    .replaceWithVoid();
        }
        return chain.replaceWith(results);
    }
}
