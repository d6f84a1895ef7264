package org.aqlake.job.support;

import org.aqlake.job.model.ErrorType;

/**
 * One payload a test sends, with what it must become: a row (expected error null) or a dead letter of
 * the expected type. The partition key is the record's id, which every dead letter carries.
 */
public final class TestRecord {
    public final String id;
    public final String partitionKey;
    public final byte[] payload;
    /** Null for a valid reading. */
    public final ErrorType expectedError;
    /** Event time of a valid reading, epoch ms. */
    public final long eventTime;

    public TestRecord(String id, byte[] payload, ErrorType expectedError, long eventTime) {
        this.id = id;
        this.partitionKey = id;
        this.payload = payload;
        this.expectedError = expectedError;
        this.eventTime = eventTime;
    }

    public boolean valid() {
        return expectedError == null;
    }
}
