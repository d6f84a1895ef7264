package org.aqlake.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

import org.aqlake.job.model.KinesisRecord;

/**
 * Keeps the payload untouched and records its lineage. Decoding happens in the next operator, so a
 * bad payload is a dead letter there rather than an exception inside the source.
 */
public final class KinesisRecordSchema implements KinesisDeserializationSchema<KinesisRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public KinesisRecord deserialize(byte[] data, String partitionKey, String sequenceNumber,
            long approxArrivalTimestamp, String stream, String shardId) {
        return new KinesisRecord(data, stream, shardId, sequenceNumber, partitionKey, approxArrivalTimestamp);
    }

    @Override
    public TypeInformation<KinesisRecord> getProducedType() {
        return TypeInformation.of(KinesisRecord.class);
    }
}
