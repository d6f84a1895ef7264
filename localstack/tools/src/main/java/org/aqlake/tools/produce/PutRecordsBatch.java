package org.aqlake.tools.produce;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.util.ArrayList;
import java.util.List;

/** Records waiting for one PutRecords call, kept within the API's limits: 500 records and 5 MiB a call. */
final class PutRecordsBatch {

    static final int MAX_RECORDS = 500;
    static final long MAX_BYTES = 5L * 1024 * 1024;
    /** One record, data plus partition key. */
    static final long MAX_RECORD_BYTES = 1024 * 1024;

    private final List<PutRecordsRequestEntry> entries = new ArrayList<>();
    private long bytes;
    private long firstAddedNanos;

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }

    boolean fits(ProducerRecord r) {
        return entries.size() < MAX_RECORDS && bytes + r.size() <= MAX_BYTES;
    }

    void add(ProducerRecord r, long nowNanos) {
        if (entries.isEmpty()) {
            firstAddedNanos = nowNanos;
        }
        entries.add(PutRecordsRequestEntry.builder()
                .partitionKey(r.partitionKey)
                .data(SdkBytes.fromByteArray(r.data))
                .build());
        bytes += r.size();
    }

    long ageNanos(long nowNanos) {
        return entries.isEmpty() ? 0 : nowNanos - firstAddedNanos;
    }

    /** Hands the entries over and starts empty again. */
    List<PutRecordsRequestEntry> drain() {
        List<PutRecordsRequestEntry> out = new ArrayList<>(entries);
        entries.clear();
        bytes = 0;
        return out;
    }
}
