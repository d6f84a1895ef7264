package org.aqlake.tools;

/** A tool could not do its work for a reason it can state in one sentence; no stack trace is printed. */
public class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
