package org.aqlake.udfs.partition;

/**
 * Thrown by {@link PartitionTemplate#compile} when a prefix template cannot be used. The message
 * always quotes the template and names the offending piece, because templates come from job
 * configuration and the operator has to fix them without reading the code.
 */
public final class InvalidPartitionTemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String template;

    InvalidPartitionTemplateException(String template, String detail) {
        super("Invalid partition template " + quote(template) + ": " + detail);
        this.template = template;
    }

    /** The rejected template, verbatim (may be {@code null}). */
    public String template() {
        return template;
    }

    /**
     * Quotes for a log line. Control characters are shown as {@code \\uXXXX} so that a template
     * rejected for containing one does not corrupt the log it is reported in.
     */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return '"' + printable(s) + '"';
    }

    /** The text with every control character shown as {@code \\uXXXX}. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(printable(s.charAt(i)));
        }
        return sb.toString();
    }

    static String printable(char c) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return String.format("\\u%04X", (int) c);
        }
        return String.valueOf(c);
    }
}
