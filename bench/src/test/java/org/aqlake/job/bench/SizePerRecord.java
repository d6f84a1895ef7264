package org.aqlake.job.bench;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;

import org.aqlake.job.sink.Compression;
import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.decode.ReadingDecoder;
import org.aqlake.job.decode.ValidationRules;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeParquetWriters;
import org.aqlake.job.sink.ReadingWriteSupport;
import org.aqlake.job.support.OpenAqSamples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet bytes per record against JSON bytes per record: for the synthetic readings, what the last
 * timed pipeline run wrote; for the real OpenAQ samples (the realtime NDJSON and the daily CSV rows
 * converted to the realtime layout), the job's decoder and the job's Parquet writer into one file.
 * Gzip JSON lines, what Firehose lands with compression on, is given for reference.
 */
final class SizePerRecord {

    private SizePerRecord() {}

    /** The sizes of one data set, in bytes per record. */
    public static final class Size {
        public final String name;
        public final long records;
        public final long files;
        public final double json;
        public final double gzipJson;
        public final double parquet;
        /** Without the footers: what a record costs in a large file. */
        public final double parquetData;

        Size(String name, long records, long files, double json, double gzipJson, double parquet, double parquetData) {
            this.name = name;
            this.records = records;
            this.files = files;
            this.json = json;
            this.gzipJson = gzipJson;
            this.parquet = parquet;
            this.parquetData = parquetData;
        }
    }

    static List<Size> measure(Benchmark.Results results, Path dir) throws Exception {
        List<Size> out = new ArrayList<>();
        if (!results.pipelineReadings.isEmpty()) {
            int p = results.pipelineReadings.keySet().iterator().next();
            LakeFiles lake = results.pipelineReadings.get(p);
            List<byte[]> payloads = new ArrayList<>();
            for (KinesisRecord r : results.input) {
                payloads.add(r.data);
            }
            out.add(size("synthetic readings (pipeline p" + p + " output, checkpoint every 10 s)", payloads, lake));
        }
        List<String> samples = new ArrayList<>(OpenAqSamples.realtimeLines());
        samples.addAll(OpenAqSamples.csvAsRealtimeJson());
        List<byte[]> payloads = new ArrayList<>();
        for (String s : samples) {
            payloads.add(s.getBytes(StandardCharsets.UTF_8));
        }
        Path file = dir.resolve("openaq/samples.zstd.parquet");
        writeThroughTheJob(payloads, file);
        out.add(size("real OpenAQ samples (" + samples.size() + ", one file)", payloads, LakeFiles.parquet(file.getParent())));
        return out;
    }

    private static Size size(String name, List<byte[]> payloads, LakeFiles parquet) throws IOException {
        long json = 0;
        CountingStream gz = new CountingStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gz, 1 << 16)) {
            for (byte[] p : payloads) {
                json += p.length;
                gzip.write(p);
                gzip.write('\n');
            }
        }
        double n = payloads.size();
        if (parquet.rows != payloads.size()) {
            throw new IllegalStateException(name + ": " + parquet.rows + " Parquet rows for " + payloads.size()
                    + " payloads");
        }
        return new Size(name, payloads.size(), parquet.files, json / n, gz.count / n, parquet.bytes / n,
                parquet.dataBytes / n);
    }

    /** The job's decoder and Parquet writer, without Flink's runtime: every sample must become a row. */
    private static void writeThroughTheJob(List<byte[]> payloads, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        ReadingDecoder decoder = new ReadingDecoder(ValidationRules.DEFAULTS);
        org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(file.toUri());
        try (FSDataOutputStream stream = target.getFileSystem().create(target, FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<Reading> writer = LakeParquetWriters.forCompression(Compression.ZSTD, ReadingWriteSupport::new)
                    .create(stream);
            long now = System.currentTimeMillis();
            for (int i = 0; i < payloads.size(); i++) {
                KinesisRecord record = new KinesisRecord(payloads.get(i), SyntheticPayloads.STREAM,
                        "shardId-000000000000", String.format("4960%052d", i), "sample-" + i, now);
                try {
                    writer.addElement(decoder.decode(record));
                } catch (InvalidRecordException e) {
                    throw new IllegalStateException("sample " + i + " is rejected: " + e.reason(), e);
                }
            }
            writer.finish();
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
