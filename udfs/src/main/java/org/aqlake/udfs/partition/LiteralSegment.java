package org.aqlake.udfs.partition;

import java.time.LocalDateTime;
import java.util.Objects;

/** Template text rendered as it is, such as {@code year=} or {@code /}; never empty. */
final class LiteralSegment implements TextPart {

    private final String text;

    LiteralSegment(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a literal segment is never empty");
        }
        this.text = text;
    }

    String text() {
        return text;
    }

    @Override
    public char fixedFirstChar() {
        return text.charAt(0);
    }

    @Override
    public void appendTo(StringBuilder sb, LocalDateTime time) {
        sb.append(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiteralSegment && ((LiteralSegment) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return "Literal{" + text + '}';
    }
}
