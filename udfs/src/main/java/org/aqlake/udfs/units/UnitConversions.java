package org.aqlake.udfs.units;

import java.util.Objects;

/**
 * Converts between volume mixing ratios (ppb, ppm) and mass concentrations (µg/m³, mg/m³).
 *
 * <p>Uses the reference conditions of EPA and most feeds: 25 °C and 1 atm, at which one mole of
 * ideal gas occupies {@value #MOLAR_VOLUME_L_PER_MOL} L. Then
 *
 * <pre>
 *   µg/m³ = ppb × MW / 24.45        ppb = µg/m³ × 24.45 / MW
 * </pre>
 *
 * where MW is the molecular weight in g/mol from {@link Pollutant#molecularWeight()} (O3 48.00,
 * NO2 46.01, NO 30.01, NOx as NO2 46.01, SO2 64.07, CO 28.01, CO2 44.01, CH4 16.04). Particulates
 * have no molecular weight, so only mass-to-mass conversions apply to them.
 */
public final class UnitConversions {

    /** Molar volume of an ideal gas at 25 °C (298.15 K) and 1 atm (101.325 kPa), in L/mol. */
    public static final double MOLAR_VOLUME_L_PER_MOL = 24.45;

    private UnitConversions() {
    }

    /**
     * ppb to µg/m³ at 25 °C, 1 atm.
     *
     * @throws IllegalArgumentException if the pollutant is null or a particulate
     */
    public static double ppbToUgPerM3(Pollutant pollutant, double ppb) {
        return ppb * molecularWeight(pollutant, "ppb", "\u00B5g/m\u00B3") / MOLAR_VOLUME_L_PER_MOL;
    }

    /**
     * µg/m³ to ppb at 25 °C, 1 atm.
     *
     * @throws IllegalArgumentException if the pollutant is null or a particulate
     */
    public static double ugPerM3ToPpb(Pollutant pollutant, double ugPerM3) {
        return ugPerM3 * MOLAR_VOLUME_L_PER_MOL / molecularWeight(pollutant, "\u00B5g/m\u00B3", "ppb");
    }

    public static double ppmToPpb(double ppm) {
        return ppm * 1000.0;
    }

    public static double ppbToPpm(double ppb) {
        return ppb / 1000.0;
    }

    /**
     * Converts between any two units. Within a family (mass or mixing ratio) the pollutant is not
     * needed and may be null; across families it must be a gas.
     *
     * @throws IllegalArgumentException if a mass/volume conversion is asked for a particulate or
     *     without a pollutant
     */
    public static double convert(double value, ConcentrationUnit from, ConcentrationUnit to, Pollutant pollutant) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from == to) {
            return value;
        }
        double small = from.toSmallScale(value);
        if (from.isMassBased() != to.isMassBased()) {
            small = from.isMassBased()
                    ? small * MOLAR_VOLUME_L_PER_MOL / molecularWeight(pollutant, from.label(), to.label())
                    : small * molecularWeight(pollutant, from.label(), to.label()) / MOLAR_VOLUME_L_PER_MOL;
        }
        return to.fromSmallScale(small);
    }

    private static double molecularWeight(Pollutant pollutant, String from, String to) {
        if (pollutant == null) {
            throw new IllegalArgumentException(
                    "converting " + from + " to " + to + " needs a pollutant to know its molecular weight");
        }
        if (pollutant.isParticulate()) {
            throw new IllegalArgumentException("cannot convert " + pollutant + " (" + pollutant.id() + ") from "
                    + from + " to " + to + ": a particulate has no molecular weight");
        }
        return pollutant.molecularWeight();
    }
}
