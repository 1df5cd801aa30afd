package io.suanli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hourly grid carbon intensity per hub: the 2022 grid factor, shaped by a real daily curve.
 *
 * <p>Hourly curves for Chinese grids are not published, so a real curve of a coal-and-solar grid
 * ({@code demo/diurnal-carbon-shape.csv}) gives the shape; each hub scales its deviation by its
 * own solar share, and a daily factor adds weather from one day to the next.
 */
public final class CarbonCurves {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String SHAPE_RESOURCE = "/demo/diurnal-carbon-shape.csv";
    /** Day-to-day spread (wind, cloud, demand) of the daily mean. */
    private static final double DAILY_SPREAD = 0.06;
    /** Hour-to-hour noise on top of the shape. */
    private static final double HOURLY_NOISE = 0.015;

    private final double[] relativeByLocalHour;

    private CarbonCurves(double[] relativeByLocalHour) {
        this.relativeByLocalHour = relativeByLocalHour;
    }

    /** Loads the stand-in daily shape from the class path. */
    public static CarbonCurves load() {
        try (InputStream in = CarbonCurves.class.getResourceAsStream(SHAPE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SHAPE_RESOURCE);
            }
            return new CarbonCurves(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] parse(BufferedReader reader) throws IOException {
        double[] values = new double[24];
        int count = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("localHour")) {
                continue;
            }
            String[] cells = line.split(",");
            values[Integer.parseInt(cells[0].trim())] = Double.parseDouble(cells[1].trim());
            count++;
        }
        if (count != 24) {
            throw new IllegalStateException(SHAPE_RESOURCE + " must have 24 hours, had " + count);
        }
        return values;
    }

    /** Relative intensity of the stand-in curve at a local hour (mean 1.0). */
    public double relativeAt(int localHour) {
        return relativeByLocalHour[localHour];
    }

    /** gCO2e/kWh for each hour of the horizon, hour 0 beginning at {@code startsAt}. */
    public List<Double> series(Hub hub, Instant startsAt, int horizonHours, SplittableRandom random) {
        double base = hub.gridFactor * 1000.0;
        int firstLocalHour = startsAt.atZone(CHINA).getHour();
        List<Double> values = new ArrayList<>(horizonHours);
        double dayFactor = 1.0;
        for (int h = 0; h < horizonHours; h++) {
            int localHour = (firstLocalHour + h) % 24;
            if (h == 0 || localHour == 0) {
                dayFactor = 1.0 + DAILY_SPREAD * (2 * random.nextDouble() - 1);
            }
            double shaped = 1.0 + hub.solarAmplitude * (relativeByLocalHour[localHour] - 1.0);
            double noise = 1.0 + HOURLY_NOISE * (2 * random.nextDouble() - 1);
            values.add(Math.round(base * shaped * dayFactor * noise * 10.0) / 10.0);
        }
        return values;
    }
}
