package org.aqlake.udfs.partition;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time bucket back from a path a template rendered, with a regular expression of the template's
 * paths that has one group per time field. Built only for templates whose paths are unambiguous: a key
 * value (Hive-escaped, so never holding a {@code /}) must end at a {@code /} or at the end, and a
 * one-digit field at a non-digit or the end; fixed-width fields need no delimiter.
 */
final class PathReader {

    /** The fields a path can name, coarsest first: the slots of the date-time it is read into. */
    private static final List<ChronoField> SLOTS = List.of(ChronoField.YEAR, ChronoField.MONTH_OF_YEAR,
            ChronoField.DAY_OF_MONTH, ChronoField.HOUR_OF_DAY, ChronoField.MINUTE_OF_HOUR);

    private final Pattern pattern;
    /** The time field each group of the pattern holds, in group order. */
    private final TimeField[] groups;

    private PathReader(Pattern pattern, TimeField[] groups) {
        this.pattern = pattern;
        this.groups = groups;
    }

    /**
     * A reader for the paths of a template with these segments, cut into buckets of {@code finest};
     * empty when its paths do not always name their bucket.
     */
    static Optional<PathReader> of(List<TemplateSegment> segments, ChronoUnit finest) {
        Set<ChronoUnit> named = EnumSet.noneOf(ChronoUnit.class);
        StringBuilder regex = new StringBuilder();
        List<TimeField> groups = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            TemplateSegment s = segments.get(i);
            // the end of the path delimits a field as a / does
            char next = i + 1 < segments.size() ? segments.get(i + 1).fixedFirstChar() : '/';
            if (s instanceof KeySegment) {
                if (next != '/') {
                    return Optional.empty();
                }
                regex.append("[^/]*");
            } else if (s instanceof TimeField) {
                TimeField f = (TimeField) s;
                if (f == TimeField.YEAR2) {
                    return Optional.empty(); // which century?
                }
                if (f.width() == 1 && (next == TemplateSegment.VARIES || Character.isDigit(next))) {
                    return Optional.empty();
                }
                regex.append(f.width() == 1 ? "(\\d{1,2})" : "(\\d{" + f.width() + "})");
                groups.add(f);
                named.add(f.unit());
            } else {
                regex.append(Pattern.quote(((LiteralSegment) s).text()));
            }
        }
        for (ChronoUnit unit : List.of(ChronoUnit.YEARS, ChronoUnit.MONTHS, ChronoUnit.DAYS, ChronoUnit.HOURS,
                ChronoUnit.MINUTES)) {
            if (unit.compareTo(finest) < 0) {
                break;
            }
            if (!named.contains(unit)) {
                return Optional.empty(); // the path does not say which one
            }
        }
        return Optional.of(new PathReader(Pattern.compile(regex.toString()), groups.toArray(new TimeField[0])));
    }

    /**
     * The start (epoch millis, UTC) of the bucket the path names; empty when the template does not render
     * it, or it names no valid date (month 13, or two fields of one unit that disagree).
     */
    OptionalLong read(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        int[] values = {-1, 1, 1, 0, 0}; // year, month, day, hour, minute
        boolean[] seen = new boolean[values.length];
        for (int g = 0; g < groups.length; g++) {
            int slot = SLOTS.indexOf(groups[g].field());
            int v = Integer.parseInt(m.group(g + 1));
            if (seen[slot] && values[slot] != v) {
                return OptionalLong.empty();
            }
            values[slot] = v;
            seen[slot] = true;
        }
        try {
            return OptionalLong.of(LocalDateTime.of(values[0], values[1], values[2], values[3], values[4])
                    .toEpochSecond(ZoneOffset.UTC) * 1000L);
        } catch (DateTimeException e) {
            return OptionalLong.empty();
        }
    }
}
