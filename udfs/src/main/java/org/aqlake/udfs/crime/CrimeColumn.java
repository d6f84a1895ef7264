package org.aqlake.udfs.crime;

import java.util.Locale;
import java.util.Optional;

/** The columns of the Sacramento crime CSV, in the order of the city's export, under their header names. */
public enum CrimeColumn {
    CDATETIME("cdatetime"),
    ADDRESS("address"),
    DISTRICT("district"),
    BEAT("beat"),
    GRID("grid"),
    CRIMEDESCR("crimedescr"),
    UCR_NCIC_CODE("ucr_ncic_code"),
    LATITUDE("latitude"),
    LONGITUDE("longitude");

    /** How many columns a line of the export has. */
    public static final int COUNT = values().length;

    private final String header;

    CrimeColumn(String header) {
        this.header = header;
    }

    /** The name in the export's header line. */
    public String header() {
        return header;
    }

    /** The column a header field names: case and surrounding spaces do not matter. */
    public static Optional<CrimeColumn> named(String field) {
        String name = field.trim().toLowerCase(Locale.ROOT);
        for (CrimeColumn c : values()) {
            if (c.header.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
