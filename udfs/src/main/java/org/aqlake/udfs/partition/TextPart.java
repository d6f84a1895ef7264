package org.aqlake.udfs.partition;

import java.time.LocalDateTime;

/** A segment rendered from the time alone: literal text or a time field. */
interface TextPart extends TemplateSegment {

    /** Appends this part as rendered for the start of a time bucket, in UTC. */
    void appendTo(StringBuilder sb, LocalDateTime time);
}
