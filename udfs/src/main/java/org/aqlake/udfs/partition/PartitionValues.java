package org.aqlake.udfs.partition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /**
     * The most UTF-8 bytes an escaped value takes in a path ({@link #escapeBounded}): a folder name is at most
     * 255 bytes on most file systems and an S3 key at most 1024, so two values fit in one folder and a
     * template with several keys still leaves room for the table path and the file name.
     */
    public static final int MAX_ESCAPED_BYTES = 100;
    /** Separates the kept prefix of a value too long for a path from the hash that keeps it distinct. */
    public static final char TRUNCATION_MARK = '~';
    /** Hex digits of the SHA-256 of the value kept after {@link #TRUNCATION_MARK}: 64 bits. */
    public static final int HASH_HEX_DIGITS = 16;

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
     * {@link #escape}, then bounded to {@link #MAX_ESCAPED_BYTES} UTF-8 bytes, so that no value (a free-text
     * location, city or device id of any length) can make a path that a file system or S3 refuses. A longer
     * value keeps the longest prefix that fits with room for {@link #TRUNCATION_MARK} and the first {@link
     * #HASH_HEX_DIGITS} hex digits of the SHA-256 of the whole value (UTF-8): values that share a long prefix
     * stay apart, and a value always gives the same folder. The prefix never cuts an escape ({@code %2F}) or
     * a character; the row keeps the whole value in its column.
     */
    public static String escapeBounded(String value) {
        String escaped = escape(value);
        // three UTF-8 bytes per char at most (a surrogate pair is four bytes for two chars)
        if (escaped.length() * 3 <= MAX_ESCAPED_BYTES || utf8Length(escaped) <= MAX_ESCAPED_BYTES) {
            return escaped;
        }
        int budget = MAX_ESCAPED_BYTES - 1 - HASH_HEX_DIGITS;
        int len = escaped.length();
        int bytes = 0;
        int end = 0;
        while (end < len) {
            char c = escaped.charAt(end);
            int step = 1;
            int size;
            if (c == '%' && end + 2 < len) {
                size = 3; // escape() writes '%' only as the start of %XX: keep the three together
                step = 3;
            } else if (Character.isHighSurrogate(c) && end + 1 < len
                    && Character.isLowSurrogate(escaped.charAt(end + 1))) {
                size = 4;
                step = 2;
            } else {
                size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += step;
        }
        return escaped.substring(0, end) + TRUNCATION_MARK + sha256Hex(value, HASH_HEX_DIGITS);
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String sha256Hex(String value, int digits) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; sb.length() < digits; i++) {
            sb.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
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
