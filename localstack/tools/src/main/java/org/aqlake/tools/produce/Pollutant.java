package org.aqlake.tools.produce;

/**
 * The six main pollutants, in the units their monitors usually report: µg/m³ for particulate matter,
 * ppb for NO₂ and SO₂, ppm for O₃ and CO (as US AirNow data in OpenAQ does).
 */
public enum Pollutant {
    PM25("pm25", "µg/m³", 12.0, 1, DailyCycle.Shape.TRAFFIC),
    PM10("pm10", "µg/m³", 22.0, 1, DailyCycle.Shape.TRAFFIC),
    NO2("no2", "ppb", 18.0, 1, DailyCycle.Shape.TRAFFIC),
    SO2("so2", "ppb", 2.0, 1, DailyCycle.Shape.INDUSTRY),
    CO("co", "ppm", 0.35, 3, DailyCycle.Shape.TRAFFIC),
    O3("o3", "ppm", 0.03, 3, DailyCycle.Shape.SUNLIGHT);

    public final String id;
    public final String unit;
    /** A typical level in a clean European city, in {@link #unit}. */
    final double baseline;
    /** Decimals a monitor reports. */
    final int decimals;
    final DailyCycle.Shape cycle;

    Pollutant(String id, String unit, double baseline, int decimals, DailyCycle.Shape cycle) {
        this.id = id;
        this.unit = unit;
        this.baseline = baseline;
        this.decimals = decimals;
        this.cycle = cycle;
    }
}
