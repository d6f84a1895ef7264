package org.aqlake.udfs.partition;

import java.time.LocalDateTime;

/** A segment rendered from the time alone: literal text or a time field. */
interface TextPart extends TemplateSegment {

    /**
     * Appends this part as rendered for the start of a time bucket.
     *
     * @param time the bucket start in UTC; a template without time fields renders with {@code null}
     */
    void appendTo(StringBuilder sb, LocalDateTime time);
}
