package org.aqlake.udfs.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PATTERN of {@code !{timestamp:PATTERN}}: runs of one pattern letter ({@link TimeField}) separated
 * by {@code -}, {@code _} or {@code .}.
 */
final class TimestampPattern {

    private TimestampPattern() {
    }

    /**
     * The parts the pattern renders, in order: time fields and the separators between them as literals.
     *
     * @throws InvalidPartitionTemplateException at the first unsupported letter or character, or if the
     *     pattern is empty or names no field
     */
    static List<TextPart> parse(String template, Placeholder placeholder) {
        String pattern = placeholder.argument();
        if (pattern.isEmpty()) {
            throw fail(template, "empty pattern in placeholder " + placeholder.shown() + " at index "
                    + placeholder.index());
        }
        List<TextPart> parts = new ArrayList<>();
        boolean anyField = false;
        int j = 0;
        while (j < pattern.length()) {
            char c = pattern.charAt(j);
            int at = placeholder.argumentIndex() + j;
            if (isSeparator(c)) {
                parts.add(new LiteralSegment(String.valueOf(c)));
                j++;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int k = j + 1;
                while (k < pattern.length() && pattern.charAt(k) == c) {
                    k++;
                }
                String run = pattern.substring(j, k);
                Optional<TimeField> field = TimeField.forRun(run);
                if (field.isEmpty()) {
                    throw fail(template, "unsupported pattern letter '" + run + "' at index " + at
                            + " in placeholder " + placeholder.shown() + hint(c)
                            + "; supported: " + TimeField.supportedRuns());
                }
                parts.add(field.get());
                anyField = true;
                j = k;
            } else {
                throw fail(template, "unsupported character '" + InvalidPartitionTemplateException.printable(c)
                        + "' at index " + at + " in placeholder " + placeholder.shown()
                        + "; only '-', '_' and '.' may separate pattern letters");
            }
        }
        if (!anyField) {
            throw fail(template, "pattern of placeholder " + placeholder.shown() + " at index " + placeholder.index()
                    + " has no date or time letters");
        }
        return parts;
    }

    static boolean isSeparator(char c) {
        return c == '-' || c == '_' || c == '.';
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

    private static InvalidPartitionTemplateException fail(String template, String detail) {
        return new InvalidPartitionTemplateException(template, detail);
    }
}
