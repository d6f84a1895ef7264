package org.aqlake.udfs.partition;

import java.util.Objects;

/**
 * Hive-compatible escaping of partition values for use inside a path segment such as
 * {@code station=<value>}.
 *
 * <p>The escaped form must be what Hive, Spark, Trino and Athena expect when they discover
 * partitions from directory names, so the character set and the {@code %XX} format (upper-case
 * hex) follow Hive's {@code FileUtils.escapePathName}. Non-ASCII characters are kept as is, as
 * Hive does: S3 keys are UTF-8 and readers decode them correctly.
 */
public final class PartitionValues {

    /** Hive's directory name for a null or empty partition value. */
    public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    // Indexed by char; only ASCII can need escaping, so the table stops at 0x80.
    private static final boolean[] UNSAFE = new boolean[0x80];

    static {
        for (int c = 0; c < 0x20; c++) {
            UNSAFE[c] = true;
        }
        UNSAFE[0x7F] = true;
        for (char c : "\"#%'*/:=?\\{}[]^".toCharArray()) {
            UNSAFE[c] = true;
        }
    }

    private PartitionValues() {
    }

    /**
     * Escapes a value for a Hive-style partition path segment.
     *
     * <p>{@code null} and the empty string both become {@link #NULL_PARTITION}, as in Hive (an
     * empty directory name is not possible). Note the ambiguity Hive has too: a real value equal
     * to {@code __HIVE_DEFAULT_PARTITION__} reads back as null.
     *
     * @return {@code value} itself when nothing needs escaping (the common case; no allocation)
     */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return NULL_PARTITION;
        }
        int len = value.length();
        int first = 0;
        while (first < len && !needsEscape(value.charAt(first))) {
            first++;
        }
        if (first == len) {
            return value;
        }
        StringBuilder sb = new StringBuilder(len + 8).append(value, 0, first);
        for (int i = first; i < len; i++) {
            char c = value.charAt(i);
            if (needsEscape(c)) {
                appendEscaped(sb, c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Reverses {@link #escape}. Like Hive, a {@code %} that is not followed by two hex digits is
     * kept literally, so hand-written directory names never make this throw. {@link
     * #NULL_PARTITION} is returned unchanged; callers decide whether it means null.
     */
    public static String unescape(String escaped) {
        Objects.requireNonNull(escaped, "escaped");
        int first = escaped.indexOf('%');
        if (first < 0) {
            return escaped;
        }
        int len = escaped.length();
        StringBuilder sb = new StringBuilder(len).append(escaped, 0, first);
        int i = first;
        while (i < len) {
            char c = escaped.charAt(i);
            if (c == '%' && i + 2 < len) {
                int hi = hexValue(escaped.charAt(i + 1));
                int lo = hexValue(escaped.charAt(i + 2));
                if (hi >= 0 && lo >= 0) {
                    sb.append((char) ((hi << 4) | lo));
                    i += 3;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    // ASCII only: Character.digit would also accept e.g. fullwidth digits, which escape() never writes.
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    static boolean needsEscape(char c) {
        return c < 0x80 && UNSAFE[c];
    }

    static void appendEscaped(StringBuilder sb, char c) {
        sb.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
