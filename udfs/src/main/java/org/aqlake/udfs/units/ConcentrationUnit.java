package org.aqlake.udfs.units;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Concentration units found in air-quality feeds. Mass concentrations (µg/m³, mg/m³) and volume
 * mixing ratios (ppb, ppm) are different families; converting between them needs a molecular
 * weight, see {@link UnitConversions}.
 */
public enum ConcentrationUnit {
    UG_PER_M3("\u00B5g/m\u00B3", true, 1.0,
            "\u03BCg/m\u00B3", "ug/m3", "ug/m\u00B3", "\u00B5g/m3", "\u03BCg/m3", "ug m-3", "\u00B5g m-3",
            "\u03BCg m-3", "ug/m^3", "\u00B5g/m^3", "micrograms/m3", "microgram/m3", "micrograms per cubic meter",
            // UTF-8 bytes of µ (C2 B5), μ (CE BC) and ³ (C2 B3) read as Latin-1 / windows-1252
            "\u00C2\u00B5g/m\u00C2\u00B3", "\u00C2\u00B5g/m3", "\u00CE\u00BCg/m\u00C2\u00B3", "\u00CE\u00BCg/m3"),
    PPM("ppm", false, 1000.0, "ppmv", "parts per million"),
    PPB("ppb", false, 1.0, "ppbv", "parts per billion"),
    MG_PER_M3("mg/m\u00B3", true, 1000.0, "mg/m3", "mg m-3", "mg/m^3", "milligrams/m3", "mg/m\u00C2\u00B3");

    private static final Map<String, ConcentrationUnit> BY_LABEL = new HashMap<>();

    static {
        for (ConcentrationUnit u : values()) {
            register(u.label, u);
            for (String alias : u.aliases) {
                register(alias, u);
            }
        }
    }

    private static void register(String label, ConcentrationUnit u) {
        ConcentrationUnit previous = BY_LABEL.put(label.toLowerCase(Locale.ROOT), u);
        if (previous != null && previous != u) {
            throw new IllegalStateException("alias '" + label + "' claimed by " + previous + " and " + u);
        }
    }

    private final String label;
    private final boolean massBased;
    /** Multiplier to the small unit of the same family (µg/m³ or ppb). */
    private final double toSmallFactor;
    private final String[] aliases;

    ConcentrationUnit(String label, boolean massBased, double toSmallFactor, String... aliases) {
        this.label = label;
        this.massBased = massBased;
        this.toSmallFactor = toSmallFactor;
        this.aliases = aliases;
    }

    /** The canonical spelling stored in the lake, e.g. {@code µg/m³} (with U+00B5 MICRO SIGN). */
    public String label() {
        return label;
    }

    /** True for µg/m³ and mg/m³, false for the mixing ratios ppb and ppm. */
    public boolean isMassBased() {
        return massBased;
    }

    /**
     * Converts to the small unit of the same family, the scale of the plausibility bounds: µg/m³
     * and ppb unchanged, mg/m³ and ppm times 1000.
     */
    public double toSmallScale(double value) {
        return value * toSmallFactor;
    }

    /** Inverse of {@link #toSmallScale}. */
    public double fromSmallScale(double value) {
        return value / toSmallFactor;
    }

    /**
     * Resolves a unit label as spelled by a feed, ignoring case and surrounding whitespace. Both
     * micro sign (U+00B5) and Greek mu (U+03BC) are accepted, as is the mojibake {@code Âµg/mÂ³}
     * left by decoding UTF-8 as Latin-1.
     *
     * @return the unit, or null when the label is unknown (or null)
     */
    public static ConcentrationUnit fromLabel(String raw) {
        if (raw == null) {
            return null;
        }
        ConcentrationUnit u = BY_LABEL.get(raw);
        if (u != null) {
            return u;
        }
        return BY_LABEL.get(raw.strip().toLowerCase(Locale.ROOT));
    }
}
