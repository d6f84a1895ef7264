package org.aqlake.udfs.partition;

import java.time.LocalDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A run of pattern letters in {@code !{timestamp:...}}: the Firehose time tokens aq-lake supports. */
enum TimeField implements TextPart {
    YEAR4(ChronoField.YEAR, 4, "yyyy", "YYYY"), // YYYY is the calendar year on purpose, see PartitionTemplate
    YEAR2(ChronoField.YEAR, 2, "yy"),
    MONTH2(ChronoField.MONTH_OF_YEAR, 2, "MM"),
    MONTH1(ChronoField.MONTH_OF_YEAR, 1, "M"),
    DAY2(ChronoField.DAY_OF_MONTH, 2, "dd"),
    DAY1(ChronoField.DAY_OF_MONTH, 1, "d"),
    HOUR2(ChronoField.HOUR_OF_DAY, 2, "HH"),
    HOUR1(ChronoField.HOUR_OF_DAY, 1, "H"),
    MINUTE2(ChronoField.MINUTE_OF_HOUR, 2, "mm"),
    MINUTE1(ChronoField.MINUTE_OF_HOUR, 1, "m");

    private final ChronoField field;
    private final int width;
    private final String[] runs;

    TimeField(ChronoField field, int width, String... runs) {
        this.field = field;
        this.width = width;
        this.runs = runs;
    }

    /** The field a run of one pattern letter stands for, such as {@code MM}; empty if unsupported. */
    static Optional<TimeField> forRun(String run) {
        for (TimeField f : values()) {
            for (String r : f.runs) {
                if (r.equals(run)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /** Every supported run, for error messages: {@code yyyy, YYYY, yy, MM, ...}. */
    static String supportedRuns() {
        return Arrays.stream(values()).flatMap(f -> Arrays.stream(f.runs)).collect(Collectors.joining(", "));
    }

    ChronoField field() {
        return field;
    }

    ChronoUnit unit() {
        return (ChronoUnit) field.getBaseUnit();
    }

    /** Digits rendered at the least; a one-digit field takes two for values from 10. */
    int width() {
        return width;
    }

    @Override
    public char fixedFirstChar() {
        return VARIES;
    }

    @Override
    public void appendTo(StringBuilder sb, LocalDateTime time) {
        int v = time.get(field);
        if (this == YEAR2) {
            v = Math.floorMod(v, 100);
        }
        if (v < 0) { // years BCE: no convention worth padding for
            sb.append(v);
            return;
        }
        for (int digits = digits(v); digits < width; digits++) {
            sb.append('0');
        }
        sb.append(v);
    }

    private static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }
}
