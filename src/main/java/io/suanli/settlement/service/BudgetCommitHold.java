package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.planning.service.CommitHold;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    public Uni<Map<UUID, HoldResult>> holdAll(Mutiny.Session session, List<Request> requests) {
        return budgets.holdAll(session, requests.stream()
                        .map(r -> new BudgetService.HoldRequest(r.jobId().toString(), r.tenant(), r.quotedCost())).toList())
                .map(byJob -> {
                    Map<UUID, HoldResult> results = new LinkedHashMap<>();
                    byJob.forEach((job, result) -> results.put(UUID.fromString(job),
                            result.taken() ? HoldResult.taken() : HoldResult.refused(result.reason())));
                    return results;
                });
    }
}
