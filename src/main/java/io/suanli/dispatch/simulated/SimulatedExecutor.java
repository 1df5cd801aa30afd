package io.suanli.dispatch.simulated;

import io.suanli.dispatch.DispatchConfig.ExecutorKind;
import io.suanli.dispatch.domain.Dispatch;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.domain.SimulatedRun;
import io.suanli.dispatch.domain.TaskStatus;
import io.suanli.dispatch.service.SiteExecutor;
import java.time.Instant;
import java.util.List;

/**
 * A site with no cluster: a job "runs" on the exchange clock. Nothing is created and nothing kept
 * in memory: each attempt's run is drawn from a seeded random ({@link SimulatedRun}), and the
 * launch time dispatch records is all it needs to say what the tasks are doing at any moment.
 */
public final class SimulatedExecutor implements SiteExecutor {

    private final SimulatedRun.Settings settings;

    public SimulatedExecutor(SimulatedRun.Settings settings) {
        this.settings = settings;
    }

    @Override
    public ExecutorKind kind() {
        return ExecutorKind.SIMULATED;
    }

    @Override
    public String namespaceFor(String tenant) {
        return null;
    }

    @Override
    public void launch(DispatchOrder order) {
        // Nothing to create: the run is a function of the job, the attempt and the clock.
    }

    @Override
    public List<TaskStatus> observe(Dispatch dispatch, Instant now) {
        int tasks = dispatch.tasks().size();
        SimulatedRun run = SimulatedRun.draw(settings, dispatch.jobId(), dispatch.attempt(), tasks, dispatch.wallTime());
        return run.statusAt(dispatch.launchedAt(), now, tasks, dispatch.wallTime());
    }

    @Override
    public void stop(Dispatch dispatch) {
        // Nothing runs anywhere; dispatch's own record says the attempt is over.
    }

    public SimulatedRun.Settings settings() {
        return settings;
    }
}
