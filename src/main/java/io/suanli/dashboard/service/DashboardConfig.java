package io.suanli.dashboard.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The operator dashboard ({@code suanli.dashboard.*}). */
@ConfigMapping(prefix = "suanli.dashboard")
public interface DashboardConfig {

    /**
     * Regions in east-to-west order as the estate view lays them out; regions not named here follow
     * in name order. The default is the demo city: the host city, then the eight hubs by longitude.
     */
    @WithDefault("city,yangtze,jingjinji,gba,neimenggu,gansu,guizhou,ningxia,chengyu")
    List<String> regionOrder();

    /** How often the live stream reads the job event feed. */
    @WithDefault("250ms")
    Duration feedInterval();

    /** How often the live stream looks for plan and catalog changes (which have no feed yet). */
    @WithDefault("1s")
    Duration changeCheckInterval();

    /**
     * Most jobs one stream message carries; a busier tick tells the pages to reload their view
     * instead, so a burst of thousands of submissions does not flood every browser.
     */
    @WithDefault("500")
    int maxJobsPerMessage();

    /** How often an idle stream sends a keep-alive comment. */
    @WithDefault("15s")
    Duration keepAlive();

    /** Most placements the site timeline shows (earliest first); the rest are counted. */
    @WithDefault("300")
    int maxTimelineRows();

    /** Days (of the exchange's time zone, today included) of spend, usage and revenue the tenants view shows. */
    @WithDefault("14")
    int tenantDays();
}
