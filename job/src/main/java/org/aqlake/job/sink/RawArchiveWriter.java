package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

import com.fasterxml.jackson.core.JsonGenerator;

import org.aqlake.job.model.KinesisRecord;

import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the raw archive: one gzip stream per part file, one JSON line per record with its lineage and
 * the original payload. A bulk format, so a part file is complete and committed on each checkpoint.
 */
public final class RawArchiveWriter implements BulkWriter<KinesisRecord> {

    private final FSDataOutputStream target;
    private final GZIPOutputStream gzip;
    private final JsonGenerator json;

    private RawArchiveWriter(FSDataOutputStream target) throws IOException {
        this.target = target;
        this.gzip = new GZIPOutputStream(target, 64 * 1024);
        this.json = PayloadJson.generator(gzip);
    }

    public static BulkWriter.Factory<KinesisRecord> factory() {
        return RawArchiveWriter::new;
    }

    @Override
    public void addElement(KinesisRecord r) throws IOException {
        json.writeStartObject();
        PayloadJson.lineage(json, r.stream, r.shardId, r.sequenceNumber, r.partitionKey, r.arrivalTime);
        PayloadJson.payload(json, r.data);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        json.flush();
        gzip.flush();
    }

    @Override
    public void finish() throws IOException {
        json.flush();
        gzip.finish(); // the sink owns and closes the target stream
        target.flush();
    }
}
