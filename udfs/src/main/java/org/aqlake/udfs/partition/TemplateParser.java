package org.aqlake.udfs.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the text of a {@link PartitionTemplate} into its segments, validating it. Single use. */
final class TemplateParser {

    private static final String UNSAFE_LITERALS = "\\{}^%`[]\"<>~#|'*:?";

    private final String template;
    private final Set<String> allowedKeys;
    private final PathSegmentCheck segment;
    private final List<TemplateSegment> segments = new ArrayList<>();
    /** Literal text not yet added: consecutive literal characters make one segment. */
    private final StringBuilder literal = new StringBuilder();

    private TemplateParser(String template, Set<String> allowedKeys) {
        this.template = template;
        this.allowedKeys = allowedKeys;
        this.segment = new PathSegmentCheck(template);
    }

    /**
     * The segments of a template that is neither null nor blank, in path order; one trailing {@code /}
     * is dropped.
     *
     * @throws InvalidPartitionTemplateException at the first thing wrong with the template
     */
    static List<TemplateSegment> parse(String template, Set<String> allowedKeys) {
        return new TemplateParser(template, allowedKeys).run();
    }

    private List<TemplateSegment> run() {
        if (template.charAt(0) == '/') {
            throw fail("must not start with '/' (at index 0): paths are relative to the table location");
        }
        // Firehose prefixes conventionally end with '/'; the rendered path does not.
        int end = template.endsWith("/") ? template.length() - 1 : template.length();
        int i = 0;
        while (i < end) {
            char c = template.charAt(i);
            if (c == '!' && i + 1 < end && template.charAt(i + 1) == '{') {
                i = placeholder(Placeholder.at(template, i));
            } else {
                literalChar(c, i);
                i++;
            }
        }
        segment.end();
        flushLiteral();
        return List.copyOf(segments);
    }

    private int placeholder(Placeholder p) {
        switch (p.namespace()) {
            case "timestamp":
                timestamp(p);
                break;
            case "partitionKey":
            case "partitionKeyFromQuery":
            case "partitionKeyFromLambda":
                partitionKey(p);
                break;
            case "firehose":
                throw fail("placeholder " + p.shown() + " at index " + p.index()
                        + " is not supported by aq-lake: the firehose namespace only exists inside"
                        + " Kinesis Data Firehose");
            default:
                throw fail("unknown namespace '" + InvalidPartitionTemplateException.printable(p.namespace())
                        + "' in placeholder " + p.shown() + " at index " + p.index()
                        + "; supported: timestamp, partitionKey");
        }
        segment.placeholder();
        return p.end();
    }

    private void timestamp(Placeholder p) {
        List<TextPart> parts = TimestampPattern.parse(template, p);
        char first = p.argument().charAt(0);
        segment.element(TimestampPattern.isSeparator(first) ? first : '0');
        for (TextPart part : parts) {
            if (part instanceof LiteralSegment) {
                literal.append(((LiteralSegment) part).text());
            } else {
                flushLiteral();
                segments.add(part);
            }
        }
    }

    private void partitionKey(Placeholder p) {
        String name = p.argument();
        if (name.isEmpty()) {
            throw fail("empty partition key name in placeholder " + p.shown() + " at index " + p.index());
        }
        if (!allowedKeys.contains(name)) {
            String allowed = allowedKeys.stream()
                    .filter(Objects::nonNull)
                    .sorted()
                    .collect(Collectors.joining(", ", "[", "]"));
            throw fail("partition key '" + InvalidPartitionTemplateException.printable(name) + "' in placeholder "
                    + p.shown() + " at index " + p.index() + " is not one of the allowed keys " + allowed);
        }
        boolean startsSegment = segment.isEmpty();
        segment.element(TemplateSegment.VARIES);
        flushLiteral();
        segments.add(new KeySegment(name, startsSegment));
    }

    private void literalChar(char c, int at) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || UNSAFE_LITERALS.indexOf(c) >= 0) {
            throw fail(String.format("character '%s' (U+%04X) at index %d is not safe in S3 keys and Hive paths",
                    InvalidPartitionTemplateException.printable(c), (int) c, at));
        }
        if (c == '/') {
            segment.slash(at);
        } else {
            segment.literal(c);
        }
        literal.append(c);
    }

    private void flushLiteral() {
        if (literal.length() > 0) {
            segments.add(new LiteralSegment(literal.toString()));
            literal.setLength(0);
        }
    }

    private InvalidPartitionTemplateException fail(String detail) {
        return new InvalidPartitionTemplateException(template, detail);
    }
}
