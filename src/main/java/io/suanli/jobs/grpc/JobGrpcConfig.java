package io.suanli.jobs.grpc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables of the gRPC job API: bulk batching and the watch poll. */
@ConfigMapping(prefix = "suanli.grpc.jobs")
public interface JobGrpcConfig {

    /** Most requests of a SubmitJobs stream committed in one transaction. */
    @WithDefault("1000")
    int batchSize();

    /** How long a SubmitJobs batch waits for more requests before it is committed anyway. */
    @WithDefault("5ms")
    Duration batchWindow();

    /** Batches of one SubmitJobs stream committed at the same time (each in its own transaction). */
    @WithDefault("2")
    int batchConcurrency();

    /** How often WatchJobs polls the event feed once it has caught up. */
    @WithDefault("150ms")
    Duration watchInterval();

    /** Most events WatchJobs reads per poll; a full page is followed at once by the next. */
    @WithDefault("1000")
    int watchPageSize();
}
