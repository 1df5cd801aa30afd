package io.suanli.support;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.quarkus.vertx.VertxContextSupport;
import io.suanli.settlement.service.LedgerAudit;

/**
 * After every {@code @QuarkusTest} test, whatever it did: the ledger's postings sum to zero per
 * currency and every cached balance equals its postings. Installed through the
 * {@link QuarkusTestAfterEachCallback} service file, so no test class can forget it.
 */
public class LedgerInvariants implements QuarkusTestAfterEachCallback {

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        var audit = Arc.container() == null ? null : Arc.container().instance(LedgerAudit.class);
        if (audit == null || !audit.isAvailable()) {
            return;
        }
        LedgerAudit.Result result;
        try {
            result = VertxContextSupport.subscribeAndAwait(() -> audit.get().check());
        } catch (Throwable t) {
            throw new IllegalStateException("could not check the ledger after " + context.getTestMethod().getName(), t);
        }
        if (!result.sound()) {
            throw new AssertionError("the ledger is broken after " + context.getTestInstance().getClass().getSimpleName() + "."
                    + context.getTestMethod().getName() + ": sums per currency " + result.sumByCurrency()
                    + ", cached balances that differ from their postings " + result.mismatches());
        }
    }
}
