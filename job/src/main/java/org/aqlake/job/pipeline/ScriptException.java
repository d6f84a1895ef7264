package org.aqlake.job.pipeline;

/** A SQL pipeline script that cannot run as written: the message names the script and the line. */
public final class ScriptException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ScriptException(String message) {
        super(message);
    }

    public ScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
