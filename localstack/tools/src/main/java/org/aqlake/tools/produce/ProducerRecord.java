package org.aqlake.tools.produce;

import java.nio.charset.StandardCharsets;

/** One Kinesis record to send: its partition key (the reading's location) and its payload bytes. */
public final class ProducerRecord {

    public final String partitionKey;
    public final byte[] data;

    public ProducerRecord(String partitionKey, byte[] data) {
        this.partitionKey = PartitionKeys.bounded(partitionKey);
        this.data = data;
    }

    /** What the record counts against the PutRecords size limits: its data plus its partition key. */
    public long size() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
}
