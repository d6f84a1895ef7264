package org.aqlake.job.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Why a record became a dead letter. The id is the {@code error=<id>} partition of the errors table,
 * in the spirit of Firehose's {@code !{firehose:error-output-type}}.
 */
public enum ErrorType {
    /** The payload started like gzip but could not be inflated, or inflated beyond the size limit. */
    DECOMPRESSION_FAILED("decompression-failed"),
    /** The payload is not well-formed JSON (or not UTF-8/UTF-16/UTF-32 text). */
    JSON_PARSE_FAILED("json-parse-failed"),
    /** Well-formed JSON that is not a reading: missing or mistyped field, unknown parameter or unit, bad timestamp. */
    SCHEMA_MISMATCH("schema-mismatch"),
    /** A reading whose value, coordinates or timestamp is outside the accepted range. */
    VALUE_OUT_OF_RANGE("value-out-of-range"),
    /**
     * A consent registry record (Kinesis consent stream or bootstrap line) that cannot be read. Its own
     * type because its payload is redacted: personal fields never reach the lake, not even here.
     */
    CONSENT_SCHEMA_MISMATCH("consent-schema-mismatch"),
    /**
     * A valid reading for a partition beyond {@code lake.max-open-partitions} of its readings writer since the
     * last checkpoint. Its own type because its payload is the row, not the original record.
     */
    TOO_MANY_OPEN_PARTITIONS("too-many-open-partitions");

    /** What decoding a reading (as opposed to a consent registry record) can make of it. */
    public static final Set<ErrorType> READING_ERRORS = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(CONSENT_SCHEMA_MISMATCH, TOO_MANY_OPEN_PARTITIONS)));

    private final String id;

    ErrorType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
