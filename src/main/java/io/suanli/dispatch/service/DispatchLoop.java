package io.suanli.dispatch.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.suanli.common.leader.LeadershipChanged;
import io.suanli.dispatch.DispatchConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Runs dispatch passes on one thread while this instance leads (or, for the single-instance demo,
 * from start-up when {@code suanli.dispatch.autostart} is on): a pass every interval, or at once
 * when a watched pod changes. Only the leader dispatches, so two instances never race to create
 * the same objects; and if they did, names are deterministic and job transitions are checked.
 */
@Singleton
public class DispatchLoop {

    private static final Logger LOG = Logger.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final SiteExecutors executors;
    private final DispatchWakeUp wakeUp;
    private final DispatchConfig config;
    private Thread thread;

    public DispatchLoop(Dispatcher dispatcher, SiteExecutors executors, DispatchWakeUp wakeUp, DispatchConfig config) {
        this.dispatcher = dispatcher;
        this.executors = executors;
        this.wakeUp = wakeUp;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.autostart()) {
            start();
        }
    }

    void onLeadership(@Observes LeadershipChanged change) {
        if (change.leading() && config.enabled()) {
            start();
        } else {
            stop();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the loop unless it runs already. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::loop, "suanli-dispatch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("dispatch loop started");
    }

    /** Stops the loop after its current pass, and the watches. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        executors.stopWatching();
        LOG.info("dispatch loop stopped");
    }

    public synchronized boolean isRunning() {
        return thread != null;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Dispatcher.Pass pass = dispatcher.runOnce();
                if (pass.launched() + pass.progressed() + pass.cleanedUp() > 0) {
                    LOG.debugf("dispatch pass: %s", pass);
                }
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warn("dispatch pass failed; the next one retries", e);
            }
            try {
                wakeUp.await(config.interval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
