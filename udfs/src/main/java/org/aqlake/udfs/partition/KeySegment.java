package org.aqlake.udfs.partition;

import java.util.Objects;

/** {@code !{partitionKey:NAME}}: the value of column NAME, Hive-escaped and bounded in length. */
final class KeySegment implements TemplateSegment {

    private final String name;
    private final boolean startsPathSegment;

    /**
     * @param startsPathSegment whether the value is the first thing in its path segment (after {@code /}
     *     or at the start), where a leading {@code .} or {@code _} would hide the folder
     */
    KeySegment(String name, boolean startsPathSegment) {
        this.name = Objects.requireNonNull(name, "name");
        this.startsPathSegment = startsPathSegment;
    }

    String name() {
        return name;
    }

    @Override
    public char fixedFirstChar() {
        return VARIES;
    }

    /**
     * Appends a record's value. Hive escaping leaves {@code .} and {@code _} alone, but a whole segment
     * of {@code ..} would climb out of the table and a segment starting with {@code .} or {@code _} is a
     * hidden file to Hadoop-based readers. Escaping that one leading character keeps the value readable
     * back (Hive unescapes {@code %2E}/{@code %5F}) and the data visible.
     *
     * @param value the raw column value; null or empty renders as {@link PartitionValues#NULL_PARTITION}
     */
    void appendValue(StringBuilder sb, String value) {
        String escaped = PartitionValues.escapeBounded(value);
        char first = escaped.charAt(0);
        if (startsPathSegment && (first == '.' || first == '_')) {
            PartitionValues.appendEscaped(sb, first);
            sb.append(escaped, 1, escaped.length());
        } else {
            sb.append(escaped);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeySegment)) {
            return false;
        }
        KeySegment k = (KeySegment) o;
        return k.name.equals(name) && k.startsPathSegment == startsPathSegment;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, startsPathSegment);
    }

    @Override
    public String toString() {
        return "Key{" + name + (startsPathSegment ? ", starts a path segment}" : "}");
    }
}
