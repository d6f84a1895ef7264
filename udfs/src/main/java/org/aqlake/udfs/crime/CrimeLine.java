package org.aqlake.udfs.crime;

import java.util.Objects;
import java.util.Optional;

/**
 * What one line of a batch became: a typed row, or a dead letter with its type and reason. Either way it
 * keeps the original line and its number in the batch (1-based, counting every physical line).
 */
public final class CrimeLine {

    /** Not CSV: a quote left open, a field count no layout has, bytes that are not UTF-8. */
    public static final String CSV_PARSE_FAILED = "csv-parse-failed";
    /** CSV, but a field does not hold its column's type, or a required field is empty. */
    public static final String SCHEMA_MISMATCH = "schema-mismatch";
    /** A well-formed value outside its column's range: a coordinate off the globe. */
    public static final String VALUE_OUT_OF_RANGE = "value-out-of-range";

    public final int lineNumber;
    public final String line;
    public final Optional<CrimeRow> row;
    /** The dead letter's type, one of the constants above; empty for a row. */
    public final Optional<String> errorType;
    /** Why the line is a dead letter, naming the column and the value; empty for a row. */
    public final Optional<String> reason;

    private CrimeLine(int lineNumber, String line, Optional<CrimeRow> row, Optional<String> errorType,
            Optional<String> reason) {
        this.lineNumber = lineNumber;
        this.line = Objects.requireNonNull(line);
        this.row = row;
        this.errorType = errorType;
        this.reason = reason;
    }

    static CrimeLine row(int lineNumber, String line, CrimeRow row) {
        return new CrimeLine(lineNumber, line, Optional.of(row), Optional.empty(), Optional.empty());
    }

    static CrimeLine deadLetter(int lineNumber, String line, String errorType, String reason) {
        return new CrimeLine(lineNumber, line, Optional.empty(), Optional.of(errorType), Optional.of(reason));
    }

    @Override
    public String toString() {
        return lineNumber + ": " + row.map(r -> "row").orElse(errorType.orElse("") + " (" + reason.orElse("") + ")")
                + " <" + line + ">";
    }
}
