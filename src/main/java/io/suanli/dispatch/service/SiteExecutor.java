package io.suanli.dispatch.service;

import io.suanli.dispatch.DispatchConfig.ExecutorKind;
import io.suanli.dispatch.domain.Dispatch;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.domain.TaskStatus;
import java.time.Instant;
import java.util.List;

/**
 * Runs dispatched jobs at a site: a Kubernetes cluster or a simulation. Every method may be called
 * again for the same attempt (after a crash, by a new leader) and must then do nothing new.
 */
public interface SiteExecutor {

    ExecutorKind kind();

    /** Where the tenant's objects live at this site (a namespace), or null when there are none. */
    String namespaceFor(String tenant);

    /**
     * Creates one object per task of the order, pinned to its node. Objects that already exist
     * (an earlier call that crashed or timed out) count as created. Throws when the site cannot be
     * reached after retries; the caller tries again later.
     */
    void launch(DispatchOrder order);

    /** What each task of a launched attempt is doing at {@code now}, in task order. */
    List<TaskStatus> observe(Dispatch dispatch, Instant now);

    /** Stops and removes every object of the attempt; objects already gone are fine. */
    void stop(Dispatch dispatch);
}
