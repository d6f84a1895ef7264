package org.aqlake.job.model;

/** A record that could not become a row, with the reason and everything needed to replay it. */
public class DeadLetter {

    public ErrorType errorType;

    /** Human-readable reason; names the offending field, and its value unless the letter is redacted. */
    public String reason;

    /** The offending field (JSON path such as {@code date.utc}), or null when the whole payload is bad. */
    public String field;

    /** The original payload bytes, untouched; or, when {@link #redacted}, the payload's skeleton or null. */
    public byte[] payload;

    /** The payload is not the original: consent may forbid it (see {@code ConsentRedaction}). */
    public boolean redacted;

    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String partitionKey;
    public long arrivalTime;

    public DeadLetter() {}

    public static DeadLetter of(KinesisRecord record, ErrorType type, String field, String reason) {
        DeadLetter d = new DeadLetter();
        d.errorType = type;
        d.field = field;
        d.reason = reason;
        d.payload = record.data;
        d.stream = record.stream;
        d.shardId = record.shardId;
        d.sequenceNumber = record.sequenceNumber;
        d.partitionKey = record.partitionKey;
        d.arrivalTime = record.arrivalTime;
        return d;
    }

    @Override
    public String toString() {
        return "DeadLetter{" + errorType.id() + ": " + reason + ", " + shardId + "/" + sequenceNumber + "}";
    }
}
