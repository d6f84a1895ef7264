package org.aqlake.udfs.partition;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A compiled S3 prefix template in the syntax of Amazon Kinesis Data Firehose, for example
 * {@value #DEFAULT_TEMPLATE}.
 *
 * <p>Supported placeholders:
 *
 * <ul>
 *   <li>{@code !{timestamp:PATTERN}} &ndash; the record time in UTC. PATTERN is a run of the
 *       letters {@code yyyy}, {@code YYYY}, {@code yy}, {@code MM}, {@code M}, {@code dd},
 *       {@code d}, {@code HH}, {@code H}, {@code mm}, {@code m} separated by {@code -}, {@code _}
 *       or {@code .}. {@code YYYY} is the calendar year: Firehose users write it meaning the year,
 *       not Java's week-based year (which would put 2018-12-31 in 2019).
 *   <li>{@code !{partitionKey:NAME}} &ndash; the value of column NAME, Hive-escaped and bounded in length
 *       with {@link PartitionValues#escapeBounded}. Firehose's {@code partitionKeyFromQuery} and {@code
 *       partitionKeyFromLambda} spellings are accepted as synonyms so that Firehose templates can
 *       be pasted unchanged.
 * </ul>
 *
 * <p>Templates are validated once, in {@link #compile}, so a bad configuration fails at job
 * submission rather than on the first record.
 *
 * <p>Instances are immutable and thread-safe. The only mutable state is a cache of the rendered
 * time segments for the current time bucket, held in an immutable object; threads may race to
 * replace it, and any of them winning is correct. Java serialization goes through a proxy that
 * recompiles the template, so a deserialized instance is validated like any other.
 */
public final class PartitionTemplate implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Firehose's default prefix: hourly partitions, Hive style. */
    public static final String DEFAULT_TEMPLATE =
            "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

    private final String template;
    private final Set<String> partitionKeys;
    /** Null when the template has no timestamp placeholder. */
    private final ChronoUnit finestTimeUnit;
    /**
     * The template cut at each partition key reference: {@code chunks[i]} is the text before key
     * reference {@code i} (the last chunk is the tail). Elements are literal {@code String}s or
     * {@link TimeField}s. Keeping time and literals together lets one cache entry hold whole
     * rendered chunks, so a cache hit only has to splice in the key values.
     */
    private final Object[][] chunks;
    private final String[] keyRefs;
    /** Whether key reference {@code i} starts a path segment (see {@link #appendKeyValue}). */
    private final boolean[] keyStartsSegment;
    /** The rendered chunks of a template without timestamp: they never change. */
    private final String[] constantChunks;
    /** Reads a rendered path back to its time bucket; null when the template's paths cannot say it. */
    private final PathReader pathReader;

    /**
     * Not volatile on purpose: {@link TimeBucket} has only final fields, so any thread that sees
     * the reference sees a fully built bucket; a stale or missing one only costs a recomputation.
     */
    private transient TimeBucket bucket;

    private PartitionTemplate(Compiler c) {
        this.template = c.template;
        this.partitionKeys = Collections.unmodifiableSet(new LinkedHashSet<>(c.usedKeys));
        this.finestTimeUnit = c.finest;
        this.chunks = c.chunks.toArray(new Object[0][]);
        this.keyRefs = c.keyRefs.toArray(new String[0]);
        this.keyStartsSegment = new boolean[keyRefs.length];
        for (int i = 0; i < keyStartsSegment.length; i++) {
            keyStartsSegment[i] = c.keyStartsSegment.get(i);
        }
        this.constantChunks = finestTimeUnit == null ? renderChunks(chunks, null) : null;
        this.pathReader = PathReader.of(chunks, finestTimeUnit);
    }

    /**
     * Parses and validates a template.
     *
     * @param template a Firehose-style prefix; one trailing {@code /} is allowed and ignored
     * @param allowedKeys the column names that {@code !{partitionKey:NAME}} may refer to
     * @throws InvalidPartitionTemplateException if the template is null, blank or invalid; the
     *     message quotes the template and names the offending placeholder and its index
     */
    public static PartitionTemplate compile(String template, Set<String> allowedKeys) {
        Objects.requireNonNull(allowedKeys, "allowedKeys");
        if (template == null || template.isBlank()) {
            throw new InvalidPartitionTemplateException(template, "must not be null or blank");
        }
        return new PartitionTemplate(new Compiler(template, allowedKeys).run());
    }

    /** Compiles a template that may only use {@code !{timestamp:...}} placeholders. */
    public static PartitionTemplate timeOnly(String template) {
        return compile(template, Collections.emptySet());
    }

    /**
     * Renders the relative partition path for a record, without leading or trailing slash, e.g.
     * {@code year=2014/month=03/day=30/hour=15}.
     *
     * @param epochMillis the record time; rendered in UTC
     * @param keyValues the value of each partition key column; a null or empty value renders as
     *     {@link PartitionValues#NULL_PARTITION}. May be null if {@link #partitionKeys()} is empty.
     */
    public String render(long epochMillis, Function<String, String> keyValues) {
        String[] rendered = finestTimeUnit == null ? constantChunks : bucketFor(epochMillis).rendered;
        if (keyRefs.length == 0) {
            return rendered[0];
        }
        Objects.requireNonNull(keyValues, () -> "keyValues is required: template uses partition keys " + partitionKeys);
        int capacity = 16 * keyRefs.length;
        for (String r : rendered) {
            capacity += r.length();
        }
        StringBuilder sb = new StringBuilder(capacity).append(rendered[0]);
        for (int i = 0; i < keyRefs.length; i++) {
            appendKeyValue(sb, PartitionValues.escapeBounded(keyValues.apply(keyRefs[i])), keyStartsSegment[i]);
            sb.append(rendered[i + 1]);
        }
        return sb.toString();
    }

    /**
     * Hive escaping leaves {@code .} and {@code _} alone, but a whole segment of {@code ..} would
     * climb out of the table and a segment starting with {@code .} or {@code _} is a hidden file
     * to Hadoop-based readers. Escaping that one leading character keeps the value readable back
     * (Hive unescapes {@code %2E}/{@code %5F}) and the data visible.
     */
    private static void appendKeyValue(StringBuilder sb, String escaped, boolean startsSegment) {
        char first = escaped.charAt(0);
        if (startsSegment && (first == '.' || first == '_')) {
            PartitionValues.appendEscaped(sb, first);
            sb.append(escaped, 1, escaped.length());
        } else {
            sb.append(escaped);
        }
    }

    /** The partition key columns the template refers to, in order of first use. */
    public Set<String> partitionKeys() {
        return partitionKeys;
    }

    public boolean usesTimestamp() {
        return finestTimeUnit != null;
    }

    /**
     * The finest time unit in the template (MINUTES, HOURS, DAYS, MONTHS or YEARS), i.e. the
     * length of one time partition; null if the template has no timestamp.
     */
    public ChronoUnit finestTimeUnit() {
        return finestTimeUnit;
    }

    /**
     * Start (inclusive, epoch millis, UTC) of the time partition containing the instant. For a
     * template without timestamp the single partition spans all time: {@link Long#MIN_VALUE}.
     */
    public long bucketStart(long epochMillis) {
        if (finestTimeUnit == null) {
            return Long.MIN_VALUE;
        }
        TimeBucket b = bucket;
        if (b != null && b.contains(epochMillis)) {
            return b.start;
        }
        return toMillisSaturated(truncate(toUtc(epochMillis)));
    }

    /**
     * End (exclusive, epoch millis, UTC) of the time partition containing the instant: once the
     * watermark reaches it, the partition is complete. {@link Long#MAX_VALUE} for a template
     * without timestamp, or when the end is beyond the range of epoch millis.
     */
    public long bucketEnd(long epochMillis) {
        if (finestTimeUnit == null) {
            return Long.MAX_VALUE;
        }
        TimeBucket b = bucket;
        if (b != null && b.contains(epochMillis)) {
            return b.end;
        }
        return toMillisSaturated(truncate(toUtc(epochMillis)).plus(1, finestTimeUnit));
    }

    /**
     * Whether the paths this template renders name their time bucket, so that {@link #bucketStartOf} can
     * read it back: the template names the calendar year ({@code yyyy}) and every unit from the year
     * down to its finest one, and nothing makes a path ambiguous (a one-digit field such as {@code M}
     * directly followed by a digit, or a partition key value followed by anything but {@code /}).
     * The default template qualifies; {@code !{timestamp:HH}} alone (every day's hour 10 in one folder)
     * does not.
     */
    public boolean isTimeReadable() {
        return pathReader != null;
    }

    /**
     * The start (epoch millis, UTC) of the time bucket a path rendered by this template names: the
     * inverse of {@link #render} for the time, so that a partition found by its path (a file sink's
     * bucket id) has a known end, {@link #bucketEnd}. Empty when the template is not {@link
     * #isTimeReadable() time-readable}, when the path is not one it renders, or when the path names no
     * valid date (month 13, or two fields of one unit that disagree).
     *
     * @param path a partition path as {@link #render} returns it, without leading or trailing slash
     */
    public OptionalLong bucketStartOf(String path) {
        if (pathReader == null || path == null) {
            return OptionalLong.empty();
        }
        return pathReader.read(path);
    }

    /** The template as given to {@link #compile}. */
    public String template() {
        return template;
    }

    /** Equal when the template text is equal: the allowed keys only matter for validation. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionTemplate && ((PartitionTemplate) o).template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return "PartitionTemplate{" + template + ", partitionKeys=" + partitionKeys + '}';
    }

    // ---------------------------------------------------------------- time buckets

    private TimeBucket bucketFor(long epochMillis) {
        TimeBucket b = bucket;
        if (b == null || !b.contains(epochMillis)) {
            LocalDateTime start = truncate(toUtc(epochMillis));
            b = new TimeBucket(
                    toMillisSaturated(start),
                    toMillisSaturated(start.plus(1, finestTimeUnit)),
                    renderChunks(chunks, start));
            bucket = b;
        }
        return b;
    }

    private LocalDateTime truncate(LocalDateTime t) {
        switch (finestTimeUnit) {
            case MINUTES:
            case HOURS:
            case DAYS:
                return t.truncatedTo(finestTimeUnit);
            case MONTHS:
                return t.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case YEARS:
                return t.toLocalDate().withDayOfYear(1).atStartOfDay();
            default:
                throw new IllegalStateException("unexpected unit " + finestTimeUnit);
        }
    }

    private static LocalDateTime toUtc(long epochMillis) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000,
                ZoneOffset.UTC);
    }

    /** Bucket bounds are whole seconds; clamp those outside the long-millis range. */
    private static long toMillisSaturated(LocalDateTime t) {
        long seconds = t.toEpochSecond(ZoneOffset.UTC);
        if (seconds > Long.MAX_VALUE / 1000L) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / 1000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1000L;
    }

    private static String[] renderChunks(Object[][] chunks, LocalDateTime time) {
        String[] out = new String[chunks.length];
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < chunks.length; i++) {
            sb.setLength(0);
            for (Object part : chunks[i]) {
                if (part instanceof TimeField) {
                    ((TimeField) part).append(sb, time);
                } else {
                    sb.append((String) part);
                }
            }
            out[i] = sb.toString();
        }
        return out;
    }

    /**
     * A regular expression of the template's paths, one group per time field and per key value. Built only
     * for templates whose paths are unambiguous: a key value (Hive-escaped, so never holding a {@code /})
     * must end at a {@code /} or at the end, and a one-digit field at a non-digit or the end; fixed-width
     * fields need no delimiter.
     */
    private static final class PathReader {
        private final Pattern pattern;
        /** Per group, the time field it holds, or null for a key value. */
        private final TimeField[] groups;

        private PathReader(Pattern pattern, TimeField[] groups) {
            this.pattern = pattern;
            this.groups = groups;
        }

        static PathReader of(Object[][] chunks, ChronoUnit finest) {
            if (finest == null) {
                return null;
            }
            // the elements in path order: chunk 0, key 0, chunk 1, key 1, ..., the last chunk
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < chunks.length; i++) {
                if (i > 0) {
                    elements.add(KEY_VALUE);
                }
                elements.addAll(Arrays.asList(chunks[i]));
            }
            Set<ChronoUnit> named = new HashSet<>();
            StringBuilder regex = new StringBuilder();
            List<TimeField> groups = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                Object e = elements.get(i);
                Object next = i + 1 < elements.size() ? elements.get(i + 1) : null;
                if (e == KEY_VALUE) {
                    if (next != null && !(next instanceof String && ((String) next).startsWith("/"))) {
                        return null;
                    }
                    regex.append("([^/]*)");
                    groups.add(null);
                } else if (e instanceof TimeField) {
                    TimeField f = (TimeField) e;
                    if (f == TimeField.YEAR2) {
                        return null; // which century?
                    }
                    if (f.width == 1 && next != null
                            && !(next instanceof String && !Character.isDigit(((String) next).charAt(0)))) {
                        return null;
                    }
                    regex.append(f.width == 1 ? "(\\d{1,2})" : "(\\d{" + f.width + "})");
                    groups.add(f);
                    named.add(f.unit());
                } else {
                    regex.append(Pattern.quote((String) e));
                }
            }
            for (ChronoUnit unit : List.of(ChronoUnit.YEARS, ChronoUnit.MONTHS, ChronoUnit.DAYS, ChronoUnit.HOURS,
                    ChronoUnit.MINUTES)) {
                if (unit.compareTo(finest) < 0) {
                    break;
                }
                if (!named.contains(unit)) {
                    return null; // the path does not say which one
                }
            }
            return new PathReader(Pattern.compile(regex.toString()), groups.toArray(new TimeField[0]));
        }

        OptionalLong read(String path) {
            Matcher m = pattern.matcher(path);
            if (!m.matches()) {
                return OptionalLong.empty();
            }
            int[] values = {-1, 1, 1, 0, 0}; // year, month, day, hour, minute
            boolean[] seen = new boolean[values.length];
            for (int g = 0; g < groups.length; g++) {
                if (groups[g] == null) {
                    continue;
                }
                int slot = slot(groups[g].field);
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

        private static int slot(ChronoField field) {
            switch (field) {
                case YEAR:
                    return 0;
                case MONTH_OF_YEAR:
                    return 1;
                case DAY_OF_MONTH:
                    return 2;
                case HOUR_OF_DAY:
                    return 3;
                default:
                    return 4;
            }
        }

        /** Marks where a partition key's value goes among the elements of a path. */
        private static final Object KEY_VALUE = new Object();
    }

    /** Immutable: safe to publish through a plain field. */
    private static final class TimeBucket {
        final long start;
        final long end;
        final String[] rendered;

        TimeBucket(long start, long end, String[] rendered) {
            this.start = start;
            this.end = end;
            this.rendered = rendered;
        }

        boolean contains(long epochMillis) {
            return epochMillis >= start && epochMillis < end;
        }
    }

    /** A pattern letter run in {@code !{timestamp:...}}. */
    private enum TimeField {
        YEAR4(ChronoField.YEAR, 4),
        YEAR2(ChronoField.YEAR, 2),
        MONTH2(ChronoField.MONTH_OF_YEAR, 2),
        MONTH1(ChronoField.MONTH_OF_YEAR, 1),
        DAY2(ChronoField.DAY_OF_MONTH, 2),
        DAY1(ChronoField.DAY_OF_MONTH, 1),
        HOUR2(ChronoField.HOUR_OF_DAY, 2),
        HOUR1(ChronoField.HOUR_OF_DAY, 1),
        MINUTE2(ChronoField.MINUTE_OF_HOUR, 2),
        MINUTE1(ChronoField.MINUTE_OF_HOUR, 1);

        final ChronoField field;
        final int width;

        TimeField(ChronoField field, int width) {
            this.field = field;
            this.width = width;
        }

        ChronoUnit unit() {
            return (ChronoUnit) field.getBaseUnit();
        }

        static TimeField forRun(String run) {
            switch (run) {
                case "yyyy":
                case "YYYY": // calendar year on purpose, see class Javadoc
                    return YEAR4;
                case "yy":
                    return YEAR2;
                case "MM":
                    return MONTH2;
                case "M":
                    return MONTH1;
                case "dd":
                    return DAY2;
                case "d":
                    return DAY1;
                case "HH":
                    return HOUR2;
                case "H":
                    return HOUR1;
                case "mm":
                    return MINUTE2;
                case "m":
                    return MINUTE1;
                default:
                    return null;
            }
        }

        void append(StringBuilder sb, LocalDateTime t) {
            int v = t.get(field);
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

    // ---------------------------------------------------------------- serialization

    private Object writeReplace() {
        return new SerializedForm(template, partitionKeys.toArray(new String[0]));
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("PartitionTemplate is deserialized through its proxy");
    }

    /** Serialization proxy: recompiling on read re-validates and rebuilds the parsed form. */
    private static final class SerializedForm implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String template;
        private final String[] keys;

        SerializedForm(String template, String[] keys) {
            this.template = template;
            this.keys = keys;
        }

        private Object readResolve() {
            return compile(template, new HashSet<>(Arrays.asList(keys)));
        }
    }

    // ---------------------------------------------------------------- parsing

    /** Single-use parser state; the compiled result is copied into the immutable template. */
    private static final class Compiler {
        private static final String UNSAFE_LITERALS = "\\{}^%`[]\"<>~#|'*:?";

        final String template;
        final Set<String> allowedKeys;
        final List<Object[]> chunks = new ArrayList<>();
        final List<String> keyRefs = new ArrayList<>();
        final List<Boolean> keyStartsSegment = new ArrayList<>();
        final Set<String> usedKeys = new LinkedHashSet<>();
        ChronoUnit finest;

        private final List<Object> chunk = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();

        // the path segment being read
        private int segStart;
        private boolean segEmpty = true;
        private boolean segHasPlaceholder;
        private char segFirst; // first character it renders; 0 when a key value decides it
        private final StringBuilder segLiteral = new StringBuilder();

        Compiler(String template, Set<String> allowedKeys) {
            this.template = template;
            this.allowedKeys = allowedKeys;
        }

        Compiler run() {
            if (template.charAt(0) == '/') {
                throw fail("must not start with '/' (at index 0): paths are relative to the table location");
            }
            // Firehose prefixes conventionally end with '/'; the rendered path does not.
            int end = template.endsWith("/") ? template.length() - 1 : template.length();
            int i = 0;
            while (i < end) {
                char c = template.charAt(i);
                if (c == '!' && i + 1 < end && template.charAt(i + 1) == '{') {
                    i = placeholder(i);
                } else {
                    literalChar(c, i);
                    i++;
                }
            }
            endSegment();
            flushLiteral();
            chunks.add(chunk.toArray());
            return this;
        }

        private int placeholder(int at) {
            int close = template.indexOf('}', at + 2);
            int nested = template.indexOf("!{", at + 2);
            if (close < 0 || (nested >= 0 && nested < close)) {
                throw fail("unclosed '!{' at index " + at);
            }
            String placeholder = show(template.substring(at, close + 1));
            String body = template.substring(at + 2, close);
            int colon = body.indexOf(':');
            if (colon < 0) {
                throw fail("placeholder " + placeholder + " at index " + at
                        + " has no namespace; expected !{timestamp:PATTERN} or !{partitionKey:NAME}");
            }
            String namespace = body.substring(0, colon);
            String argument = body.substring(colon + 1);
            switch (namespace) {
                case "timestamp":
                    timestamp(placeholder, at, argument, at + 2 + colon + 1);
                    break;
                case "partitionKey":
                case "partitionKeyFromQuery":
                case "partitionKeyFromLambda":
                    partitionKey(placeholder, at, argument);
                    break;
                case "firehose":
                    throw fail("placeholder " + placeholder + " at index " + at
                            + " is not supported by aq-lake: the firehose namespace only exists inside"
                            + " Kinesis Data Firehose");
                default:
                    throw fail("unknown namespace '" + show(namespace) + "' in placeholder " + placeholder
                            + " at index " + at + "; supported: timestamp, partitionKey");
            }
            segHasPlaceholder = true;
            return close + 1;
        }

        private void timestamp(String placeholder, int at, String pattern, int patternIndex) {
            if (pattern.isEmpty()) {
                throw fail("empty pattern in placeholder " + placeholder + " at index " + at);
            }
            char first = pattern.charAt(0);
            startElement(isSeparator(first) ? first : '0');
            boolean anyField = false;
            int j = 0;
            while (j < pattern.length()) {
                char c = pattern.charAt(j);
                if (isSeparator(c)) {
                    literal.append(c);
                    j++;
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    int k = j + 1;
                    while (k < pattern.length() && pattern.charAt(k) == c) {
                        k++;
                    }
                    String run = pattern.substring(j, k);
                    TimeField field = TimeField.forRun(run);
                    if (field == null) {
                        throw fail("unsupported pattern letter '" + run + "' at index " + (patternIndex + j)
                                + " in placeholder " + placeholder + hint(c)
                                + "; supported: yyyy, YYYY, yy, MM, M, dd, d, HH, H, mm, m");
                    }
                    addField(field);
                    anyField = true;
                    j = k;
                } else {
                    throw fail("unsupported character '" + InvalidPartitionTemplateException.printable(c)
                            + "' at index " + (patternIndex + j) + " in placeholder " + placeholder
                            + "; only '-', '_' and '.' may separate pattern letters");
                }
            }
            if (!anyField) {
                throw fail("pattern of placeholder " + placeholder + " at index " + at
                        + " has no date or time letters");
            }
        }

        private static String hint(char letter) {
            switch (letter) {
                case 'h':
                    return " (use HH or H: partitions use the 24-hour clock)";
                case 'Y':
                    return " (use YYYY or yyyy for the year)";
                case 's':
                case 'S':
                    return " (the finest supported unit is the minute)";
                default:
                    return "";
            }
        }

        private static boolean isSeparator(char c) {
            return c == '-' || c == '_' || c == '.';
        }

        private void partitionKey(String placeholder, int at, String name) {
            if (name.isEmpty()) {
                throw fail("empty partition key name in placeholder " + placeholder + " at index " + at);
            }
            if (!allowedKeys.contains(name)) {
                String allowed = allowedKeys.stream()
                        .filter(Objects::nonNull)
                        .sorted()
                        .collect(Collectors.joining(", ", "[", "]"));
                throw fail("partition key '" + show(name) + "' in placeholder " + placeholder + " at index " + at
                        + " is not one of the allowed keys " + allowed);
            }
            boolean startsSegment = segEmpty;
            startElement('\0');
            flushLiteral();
            chunks.add(chunk.toArray());
            chunk.clear();
            keyRefs.add(name);
            keyStartsSegment.add(startsSegment);
            usedKeys.add(name);
        }

        private void literalChar(char c, int at) {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || UNSAFE_LITERALS.indexOf(c) >= 0) {
                throw fail(String.format("character '%s' (U+%04X) at index %d is not safe in S3 keys and Hive paths",
                        InvalidPartitionTemplateException.printable(c), (int) c, at));
            }
            if (c == '/') {
                endSegment();
                segStart = at + 1;
                segEmpty = true;
                segHasPlaceholder = false;
                segFirst = 0;
                segLiteral.setLength(0);
            } else {
                startElement(c);
                segLiteral.append(c);
            }
            literal.append(c);
        }

        private void startElement(char firstRendered) {
            if (segEmpty) {
                segEmpty = false;
                segFirst = firstRendered;
            }
        }

        private void endSegment() {
            if (segEmpty) {
                throw fail("empty path segment ('//') at index " + (segStart - 1));
            }
            String seg = segLiteral.toString();
            if (!segHasPlaceholder && (seg.equals(".") || seg.equals(".."))) {
                throw fail("relative path segment '" + seg + "' at index " + segStart + " is not allowed");
            }
            if (segFirst == '.' || segFirst == '_') {
                throw fail("path segment at index " + segStart + " starts with '" + segFirst
                        + "', which hides it from Hive, Spark and Trino readers");
            }
        }

        private void addField(TimeField field) {
            flushLiteral();
            chunk.add(field);
            if (finest == null || field.unit().compareTo(finest) < 0) {
                finest = field.unit();
            }
        }

        private void flushLiteral() {
            if (literal.length() > 0) {
                chunk.add(literal.toString());
                literal.setLength(0);
            }
        }

        private InvalidPartitionTemplateException fail(String detail) {
            return new InvalidPartitionTemplateException(template, detail);
        }

        private static String show(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                sb.append(InvalidPartitionTemplateException.printable(s.charAt(i)));
            }
            return sb.toString();
        }
    }
}
