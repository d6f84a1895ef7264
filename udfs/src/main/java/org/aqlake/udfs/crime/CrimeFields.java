package org.aqlake.udfs.crime;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Types the fields of one split line, column by column, or says which field is wrong and how. Numbers are
 * read strictly: a decimal needs digits after its point, so a line cut inside a number ({@code -121.}) is a
 * dead letter rather than a row with a coordinate a degree off.
 */
final class CrimeFields {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d+)?|\\.\\d+)([eE][-+]?\\d{1,3})?");
    private static final double MAX_LATITUDE = 90;
    private static final double MAX_LONGITUDE = 180;

    /** A field that cannot be typed: the dead letter's type and reason. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final String errorType;

        Rejected(String errorType, String reason) {
            super(reason, null, false, false);
            this.errorType = errorType;
        }
    }

    private final CrimeLayout layout;
    private final String[] fields;

    CrimeFields(CrimeLayout layout, String[] fields) {
        this.layout = layout;
        this.fields = fields;
    }

    CrimeRow row() throws Rejected {
        String time = text(CrimeColumn.CDATETIME).orElseThrow(() -> mismatch(CrimeColumn.CDATETIME, "is empty"));
        LocalDateTime cdatetime = CrimeTimestamps.parse(time).orElseThrow(() -> mismatch(CrimeColumn.CDATETIME,
                quoted(time) + " is not a date and time such as 1/1/06 0:00, 1/1/2006 0:00 or 2006-01-01 00:00:00"));
        return new CrimeRow(cdatetime, text(CrimeColumn.ADDRESS), integer(CrimeColumn.DISTRICT),
                text(CrimeColumn.BEAT), integer(CrimeColumn.GRID), text(CrimeColumn.CRIMEDESCR),
                integer(CrimeColumn.UCR_NCIC_CODE), coordinates());
    }

    /** The field, trimmed (the export pads {@code beat} with spaces); empty when blank. */
    private Optional<String> text(CrimeColumn c) {
        String v = layout.field(fields, c).trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private Optional<Integer> integer(CrimeColumn c) throws Rejected {
        Optional<String> v = text(c);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        if (INTEGER.matcher(s).matches()) {
            long n = Long.parseLong(s);
            if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return Optional.of((int) n);
            }
        }
        throw mismatch(c, quoted(s) + " is not a 32-bit integer");
    }

    private Optional<Double> decimal(CrimeColumn c, double bound) throws Rejected {
        Optional<String> v = text(c);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        if (!DECIMAL.matcher(s).matches()) {
            throw mismatch(c, quoted(s) + " is not a complete decimal number"
                    + (s.endsWith(".") ? " (it ends at its decimal point: a truncated line)" : ""));
        }
        double d = Double.parseDouble(s);
        if (!(Math.abs(d) <= bound)) {
            throw new Rejected(CrimeLine.VALUE_OUT_OF_RANGE,
                    c.header() + ": " + s + " is outside [-" + (int) bound + ", " + (int) bound + "]");
        }
        return Optional.of(d);
    }

    private Optional<CrimeRow.Coordinates> coordinates() throws Rejected {
        Optional<Double> lat = decimal(CrimeColumn.LATITUDE, MAX_LATITUDE);
        Optional<Double> lon = decimal(CrimeColumn.LONGITUDE, MAX_LONGITUDE);
        if (lat.isPresent() != lon.isPresent()) {
            CrimeColumn missing = lat.isPresent() ? CrimeColumn.LONGITUDE : CrimeColumn.LATITUDE;
            throw mismatch(missing, "is empty while the other coordinate is given");
        }
        return lat.map(la -> new CrimeRow.Coordinates(la, lon.get()));
    }

    private static Rejected mismatch(CrimeColumn c, String what) {
        return new Rejected(CrimeLine.SCHEMA_MISMATCH, c.header() + ": " + what);
    }

    private static String quoted(String s) {
        return "'" + s + "'";
    }
}
