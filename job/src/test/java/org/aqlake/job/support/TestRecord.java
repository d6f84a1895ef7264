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
    /** A valid community reading with a device id: it becomes a row only with its owner's consent. */
    public final boolean needsConsent;

    public TestRecord(String id, byte[] payload, ErrorType expectedError, long eventTime) {
        this(id, payload, expectedError, eventTime, false);
    }

    private TestRecord(String id, byte[] payload, ErrorType expectedError, long eventTime, boolean needsConsent) {
        this.id = id;
        this.partitionKey = id;
        this.payload = payload;
        this.expectedError = expectedError;
        this.eventTime = eventTime;
        this.needsConsent = needsConsent;
    }

    public static TestRecord needingConsent(String id, byte[] payload, long eventTime) {
        return new TestRecord(id, payload, null, eventTime, true);
    }

    public boolean valid() {
        return expectedError == null;
    }

    /** A valid reading that passes the consent gate without any registry: exempt, not community. */
    public boolean rowWithoutConsent() {
        return valid() && !needsConsent;
    }
}
