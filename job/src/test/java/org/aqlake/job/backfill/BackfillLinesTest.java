package org.aqlake.job.backfill;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.RawArchiveWriter;
import org.aqlake.job.support.OpenAqSamples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The backfill's reader on real files: what each line of each format becomes. */
class BackfillLinesTest {

    static final long MODIFIED = 1_700_000_000_000L;
    static final long ARRIVED = 1_600_000_000_000L;
    static final int LINE_CAP = 1024;
    static final long FILE_CAP = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path dir;

    @Test
    void theRealDailyCsvBecomesTheRealtimeReadingsAnIndependentConversionMakesKeyedByLocation() throws Exception {
        java.nio.file.Path csv = OpenAqSamples.dataDir().resolve(OpenAqSamples.CSV);
        List<BackfillLine> lines = read(csv, BackfillFormat.AUTO, "government");
        List<String> expected = OpenAqSamples.csvAsRealtimeJson();

        assertThat(lines).hasSize(expected.size()).noneMatch(l -> l.rejected);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = JSON.readTree(lines.get(i).data);
            ObjectNode want = (ObjectNode) JSON.readTree(expected.get(i));
            // the independent conversion writes 556.0 where the replay's writes 556: the same number
            assertThat(got.equals(BackfillLinesTest::sameValue, want)).as("row %s: %s", i + 1, got).isTrue();
            assertThat(lines.get(i).line).isEqualTo(i + 1);
            assertThat(lines.get(i).partitionKey).isEqualTo(want.get("location").asText());
            assertThat(lines.get(i).arrivalTime).isEqualTo(MODIFIED);
        }
    }

    @Test
    void aHeaderRowNamesTheColumnsInAnyOrderAndGivesNoReading() throws Exception {
        java.nio.file.Path csv = dir.resolve("day.csv");
        Files.write(csv, List.of("\uFEFFvalue,location,utc,parameter,unit", "12.5,Here,2024-05-01T10:00:00Z,pm25,µg/m³\r"),
                StandardCharsets.UTF_8);

        List<BackfillLine> lines = read(csv, BackfillFormat.OPENAQ_CSV, "");

        assertThat(lines).hasSize(1);
        assertThat(new String(lines.get(0).data, StandardCharsets.UTF_8)).isEqualTo("{\"date\":{\"utc\":"
                + "\"2024-05-01T10:00:00Z\"},\"parameter\":\"pm25\",\"location\":\"Here\",\"value\":12.5,\"unit\":\"µg/m³\"}");
        assertThat(lines.get(0).line).isEqualTo(2);
    }

    @Test
    void realtimeLinesAreTheirPayloadByteForByteAndBlankLinesGiveNothing() throws Exception {
        List<String> realtime = OpenAqSamples.realtimeLines();
        java.nio.file.Path ndjson = dir.resolve("realtime.ndjson");
        Files.write(ndjson, List.of(realtime.get(0), "  ", realtime.get(1)), StandardCharsets.UTF_8);

        List<BackfillLine> lines = read(ndjson, BackfillFormat.AUTO, "");

        assertThat(lines).extracting(l -> new String(l.data, StandardCharsets.UTF_8))
                .containsExactly(realtime.get(0), realtime.get(1));
        assertThat(lines).extracting(l -> l.line).containsExactly(1L, 3L);
        assertThat(lines.get(0).partitionKey).isEqualTo(JSON.readTree(realtime.get(0)).get("location").asText());
    }

    @Test
    void theRawArchiveGivesBackEachPayloadWithItsKeyAndArrivalTime() throws Exception {
        byte[] binary = {(byte) 0x1f, (byte) 0x8b, 0, (byte) 0xff};
        java.nio.file.Path archive = dir.resolve("part-0.jsonl.gz");
        Path path = new Path(archive.toUri());
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<KinesisRecord> writer = RawArchiveWriter.factory().create(out);
            writer.addElement(new KinesisRecord("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "s", "shard-1", "7", "k1",
                    ARRIVED));
            writer.addElement(new KinesisRecord(binary, "s", "shard-1", "8", "k2", ARRIVED + 1));
            writer.finish();
        }

        List<BackfillLine> lines = read(archive, BackfillFormat.AUTO, "");

        assertThat(lines).hasSize(2).noneMatch(l -> l.rejected);
        assertThat(lines.get(0).data).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(lines.get(1).data).isEqualTo(binary);
        assertThat(lines).extracting(l -> l.partitionKey).containsExactly("k1", "k2");
        assertThat(lines).extracting(l -> l.arrivalTime).containsExactly(ARRIVED, ARRIVED + 1);
    }

    @Test
    void aCsvRowOfAnotherWidthIsRejectedWithTheOriginalLineFileAndLineNumber() throws Exception {
        java.nio.file.Path csv = dir.resolve("narrow.csv");
        List<String> real = Files.readAllLines(OpenAqSamples.dataDir().resolve(OpenAqSamples.CSV), StandardCharsets.UTF_8);
        Files.write(csv, List.of(real.get(0), "a,b,c", real.get(1)), StandardCharsets.UTF_8);

        List<BackfillLine> lines = read(csv, BackfillFormat.AUTO, "");

        assertThat(lines).extracting(l -> l.rejected).containsExactly(false, true, false);
        BackfillLine bad = lines.get(1);
        assertThat(bad.data).isEqualTo("a,b,c".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.rejection).isEqualTo(ErrorType.SCHEMA_MISMATCH);
        assertThat(bad.reason).contains("line 2 of ").contains("narrow.csv").contains("3 cells");
    }

    @Test
    void aLineOverTheCapIsRejectedKeepingItsFirstBytesAndTheNextLineIsRead() throws Exception {
        java.nio.file.Path ndjson = dir.resolve("long.ndjson");
        Files.write(ndjson, List.of("y".repeat(LINE_CAP * 3), "{}"), StandardCharsets.UTF_8);

        List<BackfillLine> lines = read(ndjson, BackfillFormat.OPENAQ_NDJSON, "");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).rejected).isTrue();
        assertThat(lines.get(0).data).hasSize(LINE_CAP);
        assertThat(lines.get(0).reason).contains("backfill.max-line-bytes");
        assertThat(lines.get(1).data).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFileInflatingBeyondTheFileCapEndsWithARejectionNamingItsLine() throws Exception {
        java.nio.file.Path bomb = dir.resolve("bomb.ndjson.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write("{}\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[(int) FILE_CAP * 2]);
        }

        List<BackfillLine> lines = read(bomb, BackfillFormat.AUTO, "");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).rejected).isTrue();
        assertThat(lines.get(1).line).isEqualTo(2);
        assertThat(lines.get(1).rejection).isEqualTo(ErrorType.DECOMPRESSION_FAILED);
        assertThat(lines.get(1).reason).contains("line 2 of").contains("backfill.max-file-bytes");
        assertThat(lines.get(1).data).hasSize(LINE_CAP);
    }

    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    private List<BackfillLine> read(java.nio.file.Path file, BackfillFormat format, String sourceType)
            throws IOException {
        Path path = new Path(file.toUri());
        long length = Files.size(file);
        FileSourceSplit split = new FileSourceSplit("0", path, 0, length, MODIFIED, length);
        BackfillLineFormat lines = new BackfillLineFormat(new BackfillSettings(List.of(file.toString()), format,
                LINE_CAP, FILE_CAP, sourceType));
        List<BackfillLine> out = new ArrayList<>();
        try (BulkFormat.Reader<BackfillLine> reader = lines.createReader(new Configuration(), split)) {
            BulkFormat.RecordIterator<BackfillLine> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<BackfillLine> r;
                while ((r = batch.next()) != null) {
                    out.add(r.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return out;
    }
}
