package org.aqlake.udfs.units;

import java.util.Objects;

/**
 * The unit each pollutant's aggregates and AQI are expressed in, following the convention of EPA's
 * AirNow hourly data: mass concentration (µg/m³) for particulates, ppb for O3, NO2, SO2, NO and NOx,
 * and ppm for CO (and for CO2 and CH4, whose background levels are hundreds or thousands of ppb).
 *
 * <p>The AQI breakpoint tables of EPA's Technical Assistance Document use these units too, except
 * that O3 is tabulated in ppm: {@code org.aqlake.udfs.aqi.HourlyAqi} divides by 1000 for it.
 */
public final class ReferenceUnits {

    private ReferenceUnits() {
    }

    /** The reference unit of a pollutant; never null. */
    public static ConcentrationUnit of(Pollutant pollutant) {
        Objects.requireNonNull(pollutant, "pollutant");
        switch (pollutant) {
            case PM1:
            case PM25:
            case PM10:
            case BC:
                return ConcentrationUnit.UG_PER_M3;
            case CO:
            case CO2:
            case CH4:
                return ConcentrationUnit.PPM;
            default:
                return ConcentrationUnit.PPB;
        }
    }

    /**
     * Converts a value to the pollutant's reference unit at 25 °C and 1 atm.
     *
     * @return the converted value, or NaN when no conversion exists (a particulate reported as a
     *     mixing ratio, which has no molecular weight to convert with)
     */
    public static double toReference(double value, ConcentrationUnit unit, Pollutant pollutant) {
        Objects.requireNonNull(unit, "unit");
        ConcentrationUnit reference = of(pollutant);
        if (pollutant.isParticulate() && unit.isMassBased() != reference.isMassBased()) {
            return Double.NaN;
        }
        return UnitConversions.convert(value, unit, reference, pollutant);
    }
}
