package org.aqlake.udfs.sql;

import java.util.Locale;

import org.aqlake.udfs.aqi.Averaging;
import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;

/** Reads the text arguments of the SQL functions; a name nobody knows gives NULL, never an error. */
final class SqlArguments {

    private SqlArguments() {
    }

    static Pollutant pollutant(String name) {
        return Pollutant.fromName(name);
    }

    static ConcentrationUnit unit(String label) {
        return ConcentrationUnit.fromLabel(label);
    }

    /** {@code 24h}, {@code 8h}, {@code 1h}, {@code annual}, {@code peak-season} or {@code nowcast}. */
    static Averaging averaging(String label) {
        if (label == null) {
            return null;
        }
        String wanted = label.strip().toLowerCase(Locale.ROOT);
        for (Averaging a : Averaging.values()) {
            if (a.label().equals(wanted)) {
                return a;
            }
        }
        return null;
    }
}
