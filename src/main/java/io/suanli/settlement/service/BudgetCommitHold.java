package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.planning.service.CommitHold;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** The scheduler's commit takes its budget hold here, in the commit's own transaction. */
@ApplicationScoped
public class BudgetCommitHold implements CommitHold {

    private final BudgetService budgets;

    public BudgetCommitHold(BudgetService budgets) {
        this.budgets = budgets;
    }

    @Override
    public Uni<HoldResult> hold(Mutiny.Session session, UUID jobId, String tenant, BigDecimal quotedCost) {
        return budgets.hold(session, jobId.toString(), tenant, quotedCost)
                .map(result -> result.taken() ? HoldResult.taken() : HoldResult.refused(result.reason()));
    }
}
