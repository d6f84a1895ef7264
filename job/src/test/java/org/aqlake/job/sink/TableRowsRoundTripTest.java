package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;

import org.aqlake.job.model.Aggregate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the compactor reads back is what the table's writer wrote: every column of an aggregate row. */
class TableRowsRoundTripTest {

    static final Instant WINDOW = Instant.parse("2024-05-01T10:00:00Z");
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void anAggregateRowReadsBackEqualToTheOneWrittenWithItsArrivalsUntilAndSealedAt() throws Exception {
        Aggregate a = new Aggregate();
        a.windowStart = WINDOW.toEpochMilli();
        a.windowEnd = a.windowStart + HOUR;
        a.location = "Paris 18e";
        a.parameter = "pm25";
        a.unit = "µg/m³";
        a.count = 4;
        a.min = 1.5;
        a.max = 9.25;
        a.mean = 4.0;
        a.firstTime = a.windowStart + 60_000;
        a.lastTime = a.windowEnd - 60_000;
        a.referenceUnit = "µg/m³";
        a.meanReference = 4.0;
        a.aqiAveraging = "nowcast";
        a.aqiConcentration = 4.0;
        a.aqi = 17;
        a.aqiCategory = "Good";
        a.locationAqi = 17;
        a.dominantPollutant = "pm25";
        a.whoAveraging = "24h";
        a.whoMean = 4.0;
        a.whoGuideline = 15.0;
        a.whoExceeds = false;
        a.revision = 2;
        a.arrivalsUntil = a.windowEnd + 5_000;
        a.sealedAt = a.windowEnd + HOUR;

        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(dir.resolve("a.parquet").toUri());
        try (FSDataOutputStream out = file.getFileSystem().create(file, WriteMode.OVERWRITE)) {
            BulkWriter<Aggregate> writer = LakeParquetWriters.forCompression(Compression.ZSTD,
                    AggregateWriteSupport::new).create(out);
            writer.addElement(a);
            writer.finish();
        }
        long length = file.getFileSystem().getFileStatus(file).getLen();
        FSDataInputStream in = file.getFileSystem().open(file);
        try (StreamFormat.Reader<Aggregate> reader = TableRows.aggregates().createReader(new Configuration(), in,
                length, length)) {
            assertThat(reader.read()).isEqualTo(a);
            assertThat(reader.read()).isNull();
        }
    }
}
