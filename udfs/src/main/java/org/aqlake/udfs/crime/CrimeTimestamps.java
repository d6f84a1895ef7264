package org.aqlake.udfs.crime;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code cdatetime} spellings of the export, as local wall-clock time (the city's, with no zone in the
 * data): {@code 1/1/06 0:00} (two-digit year: 70 to 99 are the 1900s, 00 to 69 the 2000s), {@code
 * 1/1/2006 0:00}, either with seconds or with AM/PM, and ISO-8601 ({@code 2006-01-01 00:00:00} or with a
 * {@code T}).
 */
public final class CrimeTimestamps {

    /** A two-digit year is the first year on or after this one that ends in those digits. */
    public static final int TWO_DIGIT_YEAR_BASE = 1970;

    private static final Pattern SLASHED =
            Pattern.compile("\\d{1,2}/\\d{1,2}/(\\d{2}|\\d{4}) \\d{1,2}:\\d{2}(:\\d{2})?( [AaPp][Mm])?");
    private static final DateTimeFormatter TWENTY_FOUR_HOURS = slashed(false);
    private static final DateTimeFormatter TWELVE_HOURS = slashed(true);

    private CrimeTimestamps() {}

    private static DateTimeFormatter slashed(boolean amPm) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE)
                .appendLiteral('/')
                .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE)
                .appendLiteral('/')
                .appendValueReduced(ChronoField.YEAR, 2, 4, TWO_DIGIT_YEAR_BASE)
                .appendLiteral(' ')
                .appendValue(amPm ? ChronoField.CLOCK_HOUR_OF_AMPM : ChronoField.HOUR_OF_DAY, 1, 2,
                        java.time.format.SignStyle.NOT_NEGATIVE)
                .appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd();
        if (amPm) {
            b.appendLiteral(' ').appendText(ChronoField.AMPM_OF_DAY);
        }
        return b.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The wall-clock time a field gives; empty when it is none of the spellings or no such time exists. */
    public static Optional<LocalDateTime> parse(String field) {
        String s = field.trim();
        try {
            if (SLASHED.matcher(s).matches()) {
                boolean amPm = Character.isLetter(s.charAt(s.length() - 1));
                return Optional.of(LocalDateTime.parse(s, amPm ? TWELVE_HOURS : TWENTY_FOUR_HOURS));
            }
            if (s.length() > 10 && s.charAt(10) == ' ') {
                s = s.substring(0, 10) + 'T' + s.substring(11);
            }
            return Optional.of(LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
