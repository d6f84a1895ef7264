package org.aqlake.job.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kinesis record as it arrived: the untouched payload plus its lineage. A Flink POJO (public
 * no-arg constructor, public fields) so it is serialized by the POJO serializer, never by Kryo.
 */
public class KinesisRecord {

    /** The payload bytes exactly as the producer sent them (possibly gzip, possibly not UTF-8). */
    public byte[] data;

    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String partitionKey;

    /** Kinesis' approximate arrival timestamp, epoch milliseconds. */
    public long arrivalTime;

    public KinesisRecord() {}

    public KinesisRecord(
            byte[] data,
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            long arrivalTime) {
        this.data = data;
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.arrivalTime = arrivalTime;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KinesisRecord)) {
            return false;
        }
        KinesisRecord that = (KinesisRecord) o;
        return arrivalTime == that.arrivalTime
                && Arrays.equals(data, that.data)
                && Objects.equals(stream, that.stream)
                && Objects.equals(shardId, that.shardId)
                && Objects.equals(sequenceNumber, that.sequenceNumber)
                && Objects.equals(partitionKey, that.partitionKey);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(stream, shardId, sequenceNumber, partitionKey, arrivalTime)
                + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        // never the payload: it may hold personal data
        return "KinesisRecord{" + stream + "/" + shardId + "/" + sequenceNumber + ", " + data.length + " bytes}";
    }
}
