package org.aqlake.udfs.aqi;

import java.util.Objects;

import org.aqlake.udfs.units.Pollutant;

/**
 * One pollutant's AQI for one hour: the index, the concentration it was computed from (truncated,
 * in the breakpoint table's unit) and how that concentration was averaged. Immutable.
 */
public final class SubIndex {

    private final Pollutant pollutant;
    private final Averaging averaging;
    private final double concentration;
    private final int aqi;

    public SubIndex(Pollutant pollutant, Averaging averaging, double concentration, int aqi) {
        this.pollutant = Objects.requireNonNull(pollutant, "pollutant");
        this.averaging = Objects.requireNonNull(averaging, "averaging");
        this.concentration = concentration;
        this.aqi = aqi;
    }

    public Pollutant pollutant() {
        return pollutant;
    }

    public Averaging averaging() {
        return averaging;
    }

    /** In the breakpoint table's unit: µg/m³ for PM, ppm for O3 and CO, ppb for SO2 and NO2. */
    public double concentration() {
        return concentration;
    }

    public int aqi() {
        return aqi;
    }

    public AqiCategory category() {
        return AqiCategory.of(aqi);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SubIndex)) {
            return false;
        }
        SubIndex s = (SubIndex) o;
        return pollutant == s.pollutant && averaging == s.averaging
                && Double.compare(concentration, s.concentration) == 0 && aqi == s.aqi;
    }

    @Override
    public int hashCode() {
        return Objects.hash(pollutant, averaging, concentration, aqi);
    }

    @Override
    public String toString() {
        return pollutant.id() + " " + averaging.label() + " " + concentration + " -> AQI " + aqi;
    }
}
