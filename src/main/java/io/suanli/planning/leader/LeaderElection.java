package io.suanli.planning.leader;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.suanli.common.leader.LeadershipChanged;
import io.suanli.planning.config.PlannerConfig;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Exactly one active scheduler: the instance that holds a PostgreSQL session advisory lock on a
 * dedicated connection leads. The lock dies with the connection, so when the leader's process
 * dies (even by SIGKILL) PostgreSQL releases it and a standby, polling every
 * {@link PlannerConfig#leaderPoll()}, takes over. Leadership changes are fired as
 * {@link LeadershipChanged} CDI events (from the election thread: observers must not block).
 */
@Singleton
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final PlannerConfig config;
    private final Event<LeadershipChanged> events;
    private final String url;
    private final String user;
    private final String password;
    private final String instance;
    private volatile boolean leading;
    private volatile boolean running;
    private Thread thread;
    private Connection connection;

    public LeaderElection(PlannerConfig config, Event<LeadershipChanged> events,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.config = config;
        this.events = events;
        this.url = url;
        this.user = user;
        this.password = password;
        this.instance = instanceName();
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("scheduler disabled: this instance serves the API only");
            return;
        }
        running = true;
        thread = new Thread(this::run, "leader-election");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this instance is the active scheduler now. */
    public boolean isLeading() {
        return leading;
    }

    /** This instance's name (host and process id), as logged and reported. */
    public String instance() {
        return instance;
    }

    private void run() {
        while (running) {
            try {
                if (connection == null || !connection.isValid(2)) {
                    reconnect();
                }
                if (!leading && tryLock()) {
                    change(true);
                }
            } catch (SQLException e) {
                LOG.warnf("leader election: %s", e.getMessage());
                closeConnection();
            }
            try {
                Thread.sleep(config.leaderPoll().toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        closeConnection();
    }

    private void reconnect() throws SQLException {
        closeConnection();
        connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(true);
    }

    private boolean tryLock() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select pg_try_advisory_lock(" + config.lockKey() + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Closing the connection releases the lock; whoever held it no longer leads. */
    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is gone either way
            }
            connection = null;
        }
        if (leading) {
            change(false);
        }
    }

    private void change(boolean lead) {
        leading = lead;
        LOG.infof("%s %s the active scheduler", instance, lead ? "is now" : "is no longer");
        try {
            events.fire(new LeadershipChanged(lead, instance));
        } catch (RuntimeException e) {
            LOG.error("a leadership observer failed", e);
        }
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
    }
}
