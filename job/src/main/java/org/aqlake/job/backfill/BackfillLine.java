package org.aqlake.job.backfill;

import org.aqlake.job.model.ErrorType;

/**
 * One line of a backfilled file: the payload the stream would have carried for it (for a CSV row, the row as
 * a realtime JSON reading, as the replay sends it), or the original line with why it cannot be one. A Flink
 * POJO; it goes from the file reader to {@link BackfillRecords}, chained.
 */
public class BackfillLine {

    /** The file's path, as listed. */
    public String file;
    /** 1-based line number in the (decompressed) file. */
    public long line;
    public byte[] data;
    public String partitionKey;
    public long arrivalTime;
    /** The line is a row of an OpenAQ daily CSV file. */
    public boolean csv;

    /** The line is no record: {@link #rejection} and {@link #reason} say why, and {@link #data} is the line. */
    public boolean rejected;
    public ErrorType rejection;
    public String reason;

    public BackfillLine() {}

    static BackfillLine record(String file, long line, byte[] data, String partitionKey, long arrivalTime) {
        BackfillLine l = new BackfillLine();
        l.file = file;
        l.line = line;
        l.data = data;
        l.partitionKey = partitionKey;
        l.arrivalTime = arrivalTime;
        l.rejection = ErrorType.SCHEMA_MISMATCH; // unused while not rejected; the POJO has no nulls to explain
        l.reason = "";
        return l;
    }

    static BackfillLine rejected(String file, long line, byte[] original, long arrivalTime, ErrorType type,
            String reason) {
        BackfillLine l = record(file, line, original, "", arrivalTime);
        l.rejected = true;
        l.rejection = type;
        l.reason = reason;
        return l;
    }

    @Override
    public String toString() {
        return "BackfillLine{" + file + ":" + line + (rejected ? ", rejected: " + reason : "") + "}";
    }
}
