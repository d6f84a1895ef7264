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

    public InvalidRecordException(ErrorType type, String field, String reason) {
        super(reason, null, false, false);
        this.type = type;
        this.field = field;
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
}
