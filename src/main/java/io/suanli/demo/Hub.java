package io.suanli.demo;

/**
 * The regions of the demo estate: the eight East-Data-West-Computing hubs and the host city.
 *
 * <p>Grid factors are the 2022 regional emission factors (kg CO2/kWh, published Dec 2024) of the
 * grid each hub draws from. Coordinates are the hub's main cluster, used to derive latency.
 */
public enum Hub {
    CITY("city", "杭州 Hangzhou (host city)", 0.5617, 30.27, 120.15, false, 1.15, 0.25),
    YANGTZE("yangtze", "长三角 Yangtze River Delta", 0.5617, 31.33, 118.38, false, 1.08, 0.25),
    JINGJINJI("jingjinji", "京津冀 Beijing-Tianjin-Hebei", 0.7252, 40.77, 114.88, false, 1.05, 0.30),
    GBA("gba", "粤港澳 Guangdong-Hong Kong-Macao Greater Bay Area", 0.3869, 24.81, 113.60, false, 1.06, 0.25),
    CHENGYU("chengyu", "成渝 Chengdu-Chongqing", 0.1404, 30.57, 104.07, false, 0.92, 0.20),
    NEIMENGGU("neimenggu", "内蒙古 Inner Mongolia", 0.6849, 40.38, 111.82, true, 0.78, 0.60),
    GUIZHOU("guizhou", "贵州 Guizhou", 0.2268, 26.42, 106.42, true, 0.80, 0.35),
    GANSU("gansu", "甘肃 Gansu", 0.5857, 35.71, 107.64, true, 0.75, 0.65),
    NINGXIA("ningxia", "宁夏 Ningxia", 0.5857, 37.51, 105.19, true, 0.76, 0.65);

    /** Scenario region id, a DNS-1123 label. */
    public final String id;
    /** Chinese and English name. */
    public final String displayName;
    /** 2022 grid emission factor, kg CO2 per kWh. */
    public final double gridFactor;
    public final double latitude;
    public final double longitude;
    /** Western hubs: cheap power and land, more wind and solar, farther from the city. */
    public final boolean western;
    /** Multiplier on list prices: the east is crowded and expensive, the west cheap. */
    public final double priceFactor;
    /** How much of the stand-in solar curve this grid shows (western grids have more solar). */
    public final double solarAmplitude;

    Hub(String id, String displayName, double gridFactor, double latitude, double longitude,
            boolean western, double priceFactor, double solarAmplitude) {
        this.id = id;
        this.displayName = displayName;
        this.gridFactor = gridFactor;
        this.latitude = latitude;
        this.longitude = longitude;
        this.western = western;
        this.priceFactor = priceFactor;
        this.solarAmplitude = solarAmplitude;
    }

    /** Great-circle distance in km, the base of the latency model. */
    public double distanceKm(Hub other) {
        double p1 = Math.toRadians(latitude);
        double p2 = Math.toRadians(other.latitude);
        double dp = p2 - p1;
        double dl = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2)
                + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
}
