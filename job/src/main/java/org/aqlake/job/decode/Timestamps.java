package org.aqlake.job.decode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Parses the UTC timestamp of a reading into epoch milliseconds. */
final class Timestamps {

    /**
     * ISO-8601 date and time, 'T' or a space between them, optional fraction, optional offset as
     * {@code Z}, {@code +08:00} or {@code +0800}. Without an offset the text is taken as UTC: the
     * field it comes from is the UTC one.
     */
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private static final long EPOCH_SECONDS_LIMIT = 100_000_000_000L; // year 5138 in seconds, 1973 in millis

    private Timestamps() {}

    /** @throws DateTimeException (or NumberFormatException) when the text is not a timestamp */
    static long parseUtcMillis(String text) {
        String s = text.trim();
        long fast = parseCanonical(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        if (isInteger(s)) {
            long n = Long.parseLong(s);
            return Math.abs(n) < EPOCH_SECONDS_LIMIT ? n * 1000 : n;
        }
        TemporalAccessor t = LENIENT.parse(s);
        int offset = t.isSupported(ChronoField.OFFSET_SECONDS) ? t.get(ChronoField.OFFSET_SECONDS) : 0;
        long epochDay = t.getLong(ChronoField.EPOCH_DAY);
        long nanoOfDay = t.getLong(ChronoField.NANO_OF_DAY);
        return Math.addExact(Math.multiplyExact(epochDay, 86_400_000L), nanoOfDay / 1_000_000L) - offset * 1000L;
    }

    /**
     * The shape every OpenAQ feed uses, {@code 2014-03-30T15:00:00.000Z} or without the millis, read
     * without a formatter: it is on the hot path. Long.MIN_VALUE when the text has another shape.
     */
    private static long parseCanonical(String s) {
        int len = s.length();
        if ((len != 20 && len != 24) || s.charAt(len - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (len == 24 && s.charAt(19) != '.')) {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = len == 24 ? digits(s, 20, 3) : 0;
        if ((year | month | day | hour | minute | second | millis) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE; // let the full parser produce the error message
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay(); // validates month and day
        return epochDay * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return s.length() > (s.charAt(0) == '-' ? 1 : 0);
    }

    static String formatUtc(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }
}
