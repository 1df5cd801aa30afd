package io.suanli.metering.grpc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables of the gRPC metering API. */
@ConfigMapping(prefix = "suanli.grpc.metering")
public interface MeteringGrpcConfig {

    /** Batches of one ReportUsage stream committed at the same time, each in its own transaction. */
    @WithDefault("4")
    int batchConcurrency();

    /** How often a following PullUsage polls the usage feed once it has caught up. */
    @WithDefault("200ms")
    Duration pullInterval();
}
