package org.aqlake.udfs.partition;

/**
 * One piece of a compiled {@link PartitionTemplate}, in path order: a {@link LiteralSegment}, a {@link
 * TimeField} or a {@link KeySegment}.
 */
interface TemplateSegment {

    /** Returned by {@link #fixedFirstChar} when the time or a key value decides the first character. */
    char VARIES = 0;

    /**
     * The character every rendering of this segment starts with, or {@link #VARIES}. A {@link PathReader}
     * asks it of the segment after a field to know whether a path shows where the field ends.
     */
    char fixedFirstChar();
}
