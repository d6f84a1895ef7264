package org.aqlake.udfs.crime;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One crime, typed. Every field but the time may be absent in the export (an empty field); the coordinates
 * are present together or not at all.
 */
public final class CrimeRow {

    public final LocalDateTime cdatetime;
    public final Optional<String> address;
    public final Optional<Integer> district;
    public final Optional<String> beat;
    public final Optional<Integer> grid;
    public final Optional<String> crimedescr;
    public final Optional<Integer> ucrNcicCode;
    public final Optional<Coordinates> coordinates;

    CrimeRow(LocalDateTime cdatetime, Optional<String> address, Optional<Integer> district, Optional<String> beat,
            Optional<Integer> grid, Optional<String> crimedescr, Optional<Integer> ucrNcicCode,
            Optional<Coordinates> coordinates) {
        this.cdatetime = Objects.requireNonNull(cdatetime);
        this.address = address;
        this.district = district;
        this.beat = beat;
        this.grid = grid;
        this.crimedescr = crimedescr;
        this.ucrNcicCode = ucrNcicCode;
        this.coordinates = coordinates;
    }

    /** A point in WGS 84 degrees, within the globe's ranges. */
    public static final class Coordinates {
        public final double latitude;
        public final double longitude;

        Coordinates(double latitude, double longitude) {
            this.latitude = latitude;
            this.longitude = longitude;
        }
    }
}
