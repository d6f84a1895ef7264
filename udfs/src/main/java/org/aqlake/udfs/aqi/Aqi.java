package org.aqlake.udfs.aqi;

/**
 * The US EPA AQI sub-index of one averaged concentration, per EPA-454/B-24-002 (May 2024). Each
 * method truncates the concentration to the table's precision, interpolates and rounds; see
 * {@link BreakpointTable} for the tables and for what happens outside them. Null means the table
 * does not define an index for that concentration (or the input is NaN).
 */
public final class Aqi {

    /** The highest index an 8-hour ozone concentration can define; above it the 1-hour value decides. */
    public static final int O3_8H_CEILING = 300;
    /** The highest index a 1-hour SO2 concentration can define; above it the 24-hour mean decides. */
    public static final int SO2_1H_CEILING = 200;

    private Aqi() {
    }

    /** PM2.5, 24-hour or NowCast, µg/m³. */
    public static Integer pm25(double ugPerM3) {
        return BreakpointTable.PM25_24H.index(ugPerM3);
    }

    /** PM10, 24-hour or NowCast, µg/m³. */
    public static Integer pm10(double ugPerM3) {
        return BreakpointTable.PM10_24H.index(ugPerM3);
    }

    /** O3, 8-hour mean, ppm; null above 0.200 ppm, where the 1-hour value decides. */
    public static Integer o3EightHour(double ppm) {
        return BreakpointTable.O3_8H.index(ppm);
    }

    /** O3, 1-hour, ppm; null below 0.125 ppm, where only the 8-hour value is used. */
    public static Integer o3OneHour(double ppm) {
        return BreakpointTable.O3_1H.index(ppm);
    }

    /** CO, 8-hour mean, ppm. */
    public static Integer co(double ppm) {
        return BreakpointTable.CO_8H.index(ppm);
    }

    /** SO2, 1-hour, ppb; null above 304 ppb, where the 24-hour mean decides. */
    public static Integer so2OneHour(double ppb) {
        return BreakpointTable.SO2_1H.index(ppb);
    }

    /** SO2, 24-hour mean, ppb; only defined from 305 ppb (AQI 201) up. */
    public static Integer so2TwentyFourHour(double ppb) {
        return BreakpointTable.SO2_24H.index(ppb);
    }

    /** NO2, 1-hour, ppb. */
    public static Integer no2(double ppb) {
        return BreakpointTable.NO2_1H.index(ppb);
    }
}
