package org.aqlake.udfs.partition;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

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
    private final PathFormatter formatter;
    private final TimePartitioning time;
    private final Optional<PathReader> pathReader;

    private PartitionTemplate(String template, List<TemplateSegment> segments) {
        this.template = template;
        this.formatter = new PathFormatter(segments);
        this.time = TimePartitioning.of(segments, formatter);
        this.pathReader = time.unit().flatMap(unit -> PathReader.of(segments, unit));
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
        return new PartitionTemplate(template, TemplateParser.parse(template, allowedKeys));
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
        return formatter.format(time.renderedChunks(epochMillis), keyValues);
    }

    /** The partition key columns the template refers to, in order of first use. */
    public Set<String> partitionKeys() {
        return formatter.keyNames();
    }

    public boolean usesTimestamp() {
        return time.unit().isPresent();
    }

    /**
     * The finest time unit in the template (MINUTES, HOURS, DAYS, MONTHS or YEARS), i.e. the
     * length of one time partition; null if the template has no timestamp.
     */
    public ChronoUnit finestTimeUnit() {
        return time.unit().orElse(null);
    }

    /**
     * Start (inclusive, epoch millis, UTC) of the time partition containing the instant. For a
     * template without timestamp the single partition spans all time: {@link Long#MIN_VALUE}.
     */
    public long bucketStart(long epochMillis) {
        return time.start(epochMillis);
    }

    /**
     * End (exclusive, epoch millis, UTC) of the time partition containing the instant: once the
     * watermark reaches it, the partition is complete. {@link Long#MAX_VALUE} for a template
     * without timestamp, or when the end is beyond the range of epoch millis.
     */
    public long bucketEnd(long epochMillis) {
        return time.end(epochMillis);
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
        return pathReader.isPresent();
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
        if (pathReader.isEmpty() || path == null) {
            return OptionalLong.empty();
        }
        return pathReader.get().read(path);
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
        return "PartitionTemplate{" + template + ", partitionKeys=" + partitionKeys() + '}';
    }

    // The parsed form is never serialized: the proxy carries the text and recompiles it.

    private Object writeReplace() {
        return new SerializedForm(template, partitionKeys().toArray(new String[0]));
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
}
