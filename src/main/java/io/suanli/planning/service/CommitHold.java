package io.suanli.planning.service;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
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

    /** One job of a commit batch: whose budget and how much. */
    record Request(UUID jobId, String tenant, BigDecimal quotedCost) {}

    /**
     * Holds for a whole commit batch in the session's transaction, in the given order (a later job
     * may find the budget spent by an earlier one); the answer per job.
     */
    Uni<Map<UUID, HoldResult>> holdAll(Mutiny.Session session, List<Request> requests);
}
