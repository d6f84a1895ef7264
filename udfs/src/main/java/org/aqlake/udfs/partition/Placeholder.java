package org.aqlake.udfs.partition;

/** A {@code !{namespace:argument}} placeholder found in a template. */
final class Placeholder {

    private final String shown;
    private final int index;
    private final int end;
    private final String namespace;
    private final String argument;
    private final int argumentIndex;

    private Placeholder(String shown, int index, int end, String namespace, String argument, int argumentIndex) {
        this.shown = shown;
        this.index = index;
        this.end = end;
        this.namespace = namespace;
        this.argument = argument;
        this.argumentIndex = argumentIndex;
    }

    /**
     * Reads the placeholder whose {@code !{} starts at index {@code at} of the template.
     *
     * @throws InvalidPartitionTemplateException if it is not closed before the next one opens, or has no
     *     namespace
     */
    static Placeholder at(String template, int at) {
        int close = template.indexOf('}', at + 2);
        int nested = template.indexOf("!{", at + 2);
        if (close < 0 || (nested >= 0 && nested < close)) {
            throw new InvalidPartitionTemplateException(template, "unclosed '!{' at index " + at);
        }
        String shown = InvalidPartitionTemplateException.printable(template.substring(at, close + 1));
        String body = template.substring(at + 2, close);
        int colon = body.indexOf(':');
        if (colon < 0) {
            throw new InvalidPartitionTemplateException(template, "placeholder " + shown + " at index " + at
                    + " has no namespace; expected !{timestamp:PATTERN} or !{partitionKey:NAME}");
        }
        String namespace = body.substring(0, colon);
        return new Placeholder(shown, at, close + 1, namespace, body.substring(colon + 1), at + 2 + colon + 1);
    }

    /** The placeholder as written, with control characters made printable, for error messages. */
    String shown() {
        return shown;
    }

    /** Where its {@code !{} starts in the template. */
    int index() {
        return index;
    }

    /** The index just after its closing brace. */
    int end() {
        return end;
    }

    String namespace() {
        return namespace;
    }

    String argument() {
        return argument;
    }

    /** Where the argument starts in the template. */
    int argumentIndex() {
        return argumentIndex;
    }
}
