package org.aqlake.job.decode;

import org.aqlake.job.model.ErrorType;

/**
 * Why one record cannot become a row. Thrown per bad record on the hot path, so it carries no stack
 * trace: the type, the field and the reason are the whole story.
 */
public final class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final String field;
    private final String valueFreeReason;

    /** A reason that may quote the payload; its value-free form names only the type and the field. */
    public InvalidRecordException(ErrorType type, String field, String reason) {
        this(type, field, reason, type.id() + (field == null ? " in the payload" : " in " + field));
    }

    /** @param valueFreeReason the reason without any value from the payload, for redacted dead letters */
    public InvalidRecordException(ErrorType type, String field, String reason, String valueFreeReason) {
        super(reason, null, false, false);
        this.type = type;
        this.field = field;
        this.valueFreeReason = valueFreeReason;
    }

    public ErrorType type() {
        return type;
    }

    /** The offending JSON field, or null when the payload as a whole is bad. */
    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }

    /** The reason with no value from the payload in it: what a redacted dead letter keeps. */
    public String valueFreeReason() {
        return valueFreeReason;
    }
}
