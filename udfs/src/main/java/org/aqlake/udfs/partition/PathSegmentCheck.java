package org.aqlake.udfs.partition;

/**
 * Follows the path segment (the text between two {@code /}) a {@link TemplateParser} is reading, to
 * reject segments that are empty, relative or hidden from Hive, Spark and Trino readers.
 */
final class PathSegmentCheck {

    private final String template;
    private int start;
    private boolean empty = true;
    private boolean hasPlaceholder;
    /** The first character the segment renders; 0 when a key value decides it. */
    private char first;
    private final StringBuilder literal = new StringBuilder();

    PathSegmentCheck(String template) {
        this.template = template;
    }

    /** Whether nothing of the segment has been read yet. */
    boolean isEmpty() {
        return empty;
    }

    /** Something that renders starting with {@code firstRendered} (0: a key value decides) is read. */
    void element(char firstRendered) {
        if (empty) {
            empty = false;
            first = firstRendered;
        }
    }

    /** A literal character other than {@code /} is read. */
    void literal(char c) {
        element(c);
        literal.append(c);
    }

    void placeholder() {
        hasPlaceholder = true;
    }

    /** The {@code /} at index {@code at} ends the segment and starts the next. */
    void slash(int at) {
        end();
        start = at + 1;
        empty = true;
        hasPlaceholder = false;
        first = 0;
        literal.setLength(0);
    }

    /** Checks the segment now ended, at a {@code /} or at the end of the template. */
    void end() {
        if (empty) {
            throw fail("empty path segment ('//') at index " + (start - 1));
        }
        String seg = literal.toString();
        if (!hasPlaceholder && (seg.equals(".") || seg.equals(".."))) {
            throw fail("relative path segment '" + seg + "' at index " + start + " is not allowed");
        }
        if (first == '.' || first == '_') {
            throw fail("path segment at index " + start + " starts with '" + first
                    + "', which hides it from Hive, Spark and Trino readers");
        }
    }

    private InvalidPartitionTemplateException fail(String detail) {
        return new InvalidPartitionTemplateException(template, detail);
    }
}
