package org.aqlake.job.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeParquetWriters;
import org.aqlake.job.sink.ReadingWriteSupport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Variant (b), the bare limit: one thread, no Flink, no validation, no aggregation. Jackson's
 * streaming parser reads each payload into a row, and parquet-java writes it with ZSTD into one file
 * per event hour: the same columns and the same {@link ReadingWriteSupport} as the job, so what the
 * job spends beyond this is the price of Flink, of validation and of the aggregates.
 *
 * <p>Kept lean on purpose (a slow "limit" would flatter the ratio): a streaming parse, no tree, the
 * canonical timestamp read digit by digit.
 */
final class BareLimit {

    // the job's fast double parsing, so the limit is not slowed by what the job avoids
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final long HOUR = 3_600_000L;

    private BareLimit() {}

    static Measurement run(KinesisRecord[] input, Path dir) throws IOException {
        Files.createDirectories(dir);
        System.gc();
        CpuClock.Started clock = CpuClock.start();
        Map<Long, ParquetWriter<Reading>> writers = new HashMap<>();
        for (KinesisRecord record : input) {
            Reading r = parse(record);
            long hour = Math.floorDiv(r.eventTime, HOUR);
            ParquetWriter<Reading> w = writers.get(hour);
            if (w == null) {
                // the job's writer settings: the same file, so only the work around it differs
                w = LakeParquetWriters.builder(new LocalFile(dir.resolve("hour-" + hour + ".zstd.parquet")),
                                new ReadingWriteSupport())
                        .withCompressionCodec(CompressionCodecName.ZSTD)
                        .build();
                writers.put(hour, w);
            }
            w.write(r);
        }
        for (ParquetWriter<Reading> w : writers.values()) {
            w.close();
        }
        Measurement m = clock.stop(input.length);
        LakeFiles written = LakeFiles.parquet(dir);
        if (written.rows != input.length) {
            throw new IllegalStateException("bare limit wrote " + written.rows + " rows of " + input.length);
        }
        return m;
    }

    static Reading parse(KinesisRecord record) throws IOException {
        Reading r = new Reading();
        try (JsonParser p = JSON.createParser(record.data)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "date":
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("utc")) {
                                r.eventTime = isoMillis(p.getText());
                            }
                        }
                        break;
                    case "parameter":
                        r.parameter = p.getText();
                        break;
                    case "value":
                        r.value = p.getDoubleValue();
                        break;
                    case "unit":
                        r.unit = p.getText();
                        break;
                    case "location":
                        r.location = p.getText();
                        break;
                    case "city":
                        r.city = p.getText();
                        break;
                    case "country":
                        r.country = p.getText();
                        break;
                    case "coordinates":
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("latitude")) {
                                r.latitude = p.getDoubleValue();
                            } else if (inner.equals("longitude")) {
                                r.longitude = p.getDoubleValue();
                            }
                        }
                        break;
                    case "averagingPeriod":
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("value")) {
                                r.averagingPeriodValue = p.getDoubleValue();
                            } else if (inner.equals("unit")) {
                                r.averagingPeriodUnit = p.getText();
                            }
                        }
                        break;
                    case "sourceName":
                        r.sourceName = p.getText();
                        break;
                    case "sourceType":
                        r.sourceType = p.getText();
                        break;
                    case "mobile":
                        r.mobile = t == JsonToken.VALUE_TRUE;
                        break;
                    case "sensorId":
                    case "serialNumber":
                        r.deviceId = p.getText();
                        break;
                    default:
                        p.skipChildren();
                }
            }
        }
        r.arrivalTime = record.arrivalTime;
        r.shardId = record.shardId;
        r.sequenceNumber = record.sequenceNumber;
        return r;
    }

    /** {@code 2024-05-01T10:00:00.000Z} only: the benchmark's payloads have no other shape. */
    static long isoMillis(String s) {
        long day = LocalDate.of(num(s, 0, 4), num(s, 5, 2), num(s, 8, 2)).toEpochDay();
        return day * 86_400_000L + num(s, 11, 2) * 3_600_000L + num(s, 14, 2) * 60_000L + num(s, 17, 2) * 1000L
                + num(s, 20, 3);
    }

    private static int num(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** A plain local file for parquet-java, without Hadoop's file system (and its checksum files). */
    static final class LocalFile implements OutputFile {
        private final Path path;

        LocalFile(Path path) {
            this.path = path;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return open();
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return open();
        }

        private PositionOutputStream open() throws IOException {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024);
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
