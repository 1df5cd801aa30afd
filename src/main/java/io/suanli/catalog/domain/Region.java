package io.suanli.catalog.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A grid region with its hourly carbon intensity (gCO2e/kWh) from {@code carbonStartsAt};
 * a single value means constant.
 */
public record Region(String name, String displayName, Instant carbonStartsAt, List<Double> carbonIntensity) {

    public Region {
        carbonIntensity = carbonIntensity == null ? null : List.copyOf(carbonIntensity);
    }

    /**
     * Intensity in the hour that contains {@code at}. Beyond the known series the last known day
     * repeats (carbon follows a daily cycle), before it the first value holds.
     */
    public double intensityAt(Instant at) {
        int size = carbonIntensity.size();
        if (size == 1) {
            return carbonIntensity.get(0);
        }
        long hour = Math.floorDiv(Duration.between(carbonStartsAt, at).toSeconds(), 3600);
        if (hour < 0) {
            return carbonIntensity.get(0);
        }
        if (hour < size) {
            return carbonIntensity.get((int) hour);
        }
        if (size < 24) {
            return carbonIntensity.get(size - 1);
        }
        long lastDayStart = size - 24;
        return carbonIntensity.get((int) (lastDayStart + Math.floorMod(hour - lastDayStart, 24)));
    }

    /** The series for {@code hours} hours from {@code from}; a constant series stays one value. */
    public List<Double> intensitySeries(Instant from, int hours) {
        if (carbonIntensity.size() == 1) {
            return carbonIntensity;
        }
        Double[] series = new Double[hours];
        for (int h = 0; h < hours; h++) {
            series[h] = intensityAt(from.plusSeconds(3600L * h));
        }
        return List.of(series);
    }
}
