package io.suanli.scheduling.domain;

/** A region with its grid carbon intensity per planning hour (gCO2e/kWh), expanded to the horizon. */
public final class RegionFact {
    private final int index;
    private final String id;
    private final double[] carbonIntensity;

    public RegionFact(int index, String id, double[] carbonIntensityPerHour) {
        this.index = index;
        this.id = id;
        this.carbonIntensity = carbonIntensityPerHour.clone();
    }

    public int index() { return index; }
    public String id() { return id; }

    /** Intensity in gCO2e/kWh at an hour; hours outside the horizon are clamped as the reference checker does. */
    public double intensityAt(int hour) {
        int h = Math.min(Math.max(hour, 0), carbonIntensity.length - 1);
        return carbonIntensity[h];
    }

    @Override
    public String toString() { return id; }
}
