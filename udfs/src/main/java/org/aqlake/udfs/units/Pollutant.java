package org.aqlake.udfs.units;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pollutants stored in the lake, with the canonical lower-case id used in its columns and
 * partition paths.
 *
 * <p>Molecular weights (g/mol) are those commonly used for ppb/µg/m³ conversion by EPA and EEA.
 * NOx is reported "as NO2", so it carries NO2's weight. Particulates and black carbon are mixtures
 * without a molecular weight: {@link #molecularWeight()} is NaN for them.
 */
public enum Pollutant {
    PM1("pm1", Double.NaN, "pm1.0", "pm_1", "pm 1", "pm1_0", "pm 1.0", "pm_1.0", "pm-1", "pm\u2081"),
    PM25("pm25", Double.NaN, "pm2.5", "pm2_5", "pm_25", "pm 2.5", "pm_2.5", "pm-2.5", "pm 25", "pm\u2082.\u2085"),
    PM10("pm10", Double.NaN, "pm_10", "pm 10", "pm-10", "pm\u2081\u2080"),
    O3("o3", 48.00, "ozone", "o\u2083"),
    NO2("no2", 46.01, "nitrogen dioxide", "no\u2082"),
    NO("no", 30.01, "nitric oxide", "nitrogen monoxide"),
    NOX("nox", 46.01, "nitrogen oxides", "no\u2093"),
    SO2("so2", 64.07, "sulfur dioxide", "sulphur dioxide", "so\u2082"),
    CO("co", 28.01, "carbon monoxide"),
    BC("bc", Double.NaN, "black carbon", "black_carbon", "blackcarbon"),
    CO2("co2", 44.01, "carbon dioxide", "co\u2082"),
    CH4("ch4", 16.04, "methane", "ch\u2084");

    // Feeds send the same few spellings millions of times: one map lookup, no regex.
    private static final Map<String, Pollutant> BY_NAME = new HashMap<>();

    static {
        for (Pollutant p : values()) {
            register(p.id, p);
            for (String alias : p.aliases) {
                register(alias, p);
            }
        }
    }

    private static void register(String name, Pollutant p) {
        Pollutant previous = BY_NAME.put(name.toLowerCase(Locale.ROOT), p);
        if (previous != null && previous != p) {
            throw new IllegalStateException("alias '" + name + "' claimed by " + previous + " and " + p);
        }
    }

    private final String id;
    private final double molecularWeight;
    private final String[] aliases;

    Pollutant(String id, double molecularWeight, String... aliases) {
        this.id = id;
        this.molecularWeight = molecularWeight;
        this.aliases = aliases;
    }

    /** Canonical lower-case id, e.g. {@code pm25}. */
    public String id() {
        return id;
    }

    /** Molecular weight in g/mol; NaN for particulates and black carbon. */
    public double molecularWeight() {
        return molecularWeight;
    }

    /** True for mixtures measured by mass only (PM1, PM2.5, PM10, black carbon). */
    public boolean isParticulate() {
        return Double.isNaN(molecularWeight);
    }

    /**
     * Resolves a pollutant name as spelled by a feed ({@code PM2.5}, {@code pm_25}, {@code ozone},
     * {@code NOx}...), ignoring case and surrounding whitespace.
     *
     * @return the pollutant, or null when the name is unknown (or null)
     */
    public static Pollutant fromName(String raw) {
        if (raw == null) {
            return null;
        }
        Pollutant p = BY_NAME.get(raw); // already canonical: no allocation
        if (p != null) {
            return p;
        }
        return BY_NAME.get(raw.strip().toLowerCase(Locale.ROOT));
    }
}
