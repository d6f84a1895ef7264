package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.TestReadings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

class RawArchiveWriterTest {

    static final long FIRST_ARRIVAL = Instant.parse("2024-05-01T00:00:00.001Z").toEpochMilli();
    static final long ONE_SECOND = 1000L;
    static final String STREAM = "aq-readings";
    static final int RECORDS = 200;

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every kind of payload the archive must keep: JSON, gzip, not-UTF-8, empty, with newlines. */
    static List<KinesisRecord> records() {
        List<byte[]> payloads = List.of(
                TestReadings.utf8(TestReadings.openAq("r", 0, TestReadings.BASE_TIME, "pm25", 12.5, "µg/m³")),
                TestReadings.gzip(TestReadings.utf8("{\"parameter\":\"o3\"}")),
                TestReadings.invalidUtf8(),
                new byte[0],
                TestReadings.utf8("line one\nline two\r\n"));
        List<KinesisRecord> out = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            out.add(new KinesisRecord(payloads.get(i % payloads.size()), STREAM, "shardId-00000000000" + (i % 3),
                    Integer.toString(1_000_000 + i), "pk-" + i, FIRST_ARRIVAL + i * ONE_SECOND));
        }
        return out;
    }

    Path write(List<KinesisRecord> records) throws IOException {
        Path file = dir.resolve("part-0.jsonl.gz");
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        // as the FileSink does: the writer finishes its gzip stream, the sink flushes and closes the file
        try (FSDataOutputStream out = path.getFileSystem().create(path, WriteMode.NO_OVERWRITE)) {
            BulkWriter<KinesisRecord> writer = RawArchiveWriter.factory().create(out);
            for (int i = 0; i < records.size(); i++) {
                writer.addElement(records.get(i));
                if (i == records.size() / 2) {
                    writer.flush(); // a flush mid-file must not end the gzip member
                }
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void theRecordsFormOneValidGzipStreamOfJsonLinesInOrder() throws IOException, DataFormatException {
        List<KinesisRecord> records = records();
        Path file = write(records);

        byte[] bytes = Files.readAllBytes(file);
        byte[] text = singleGzipMember(bytes);
        List<String> lines = List.of(new String(text, StandardCharsets.UTF_8).split("\n", -1));

        // a trailing newline after the last record, then nothing
        assertThat(lines).hasSize(records.size() + 1);
        assertThat(lines.get(records.size())).isEmpty();
        for (int i = 0; i < records.size(); i++) {
            KinesisRecord r = records.get(i);
            JsonNode json = JSON.readTree(lines.get(i));
            assertThat(json.get("stream").asText()).isEqualTo(STREAM);
            assertThat(json.get("shard_id").asText()).isEqualTo(r.shardId);
            assertThat(json.get("sequence_number").asText()).isEqualTo(r.sequenceNumber);
            assertThat(json.get("partition_key").asText()).isEqualTo(r.partitionKey);
            assertThat(Instant.parse(json.get("arrival_time").asText()).toEpochMilli()).isEqualTo(r.arrivalTime);
            assertThat(payloadBytes(json)).as("payload of line %d", i).isEqualTo(r.data);
        }
    }

    @Test
    void textPayloadsStayReadableAndBinaryOnesAreBase64() throws IOException {
        List<KinesisRecord> records = records().subList(0, 5);
        Path file = write(records);

        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lines.add(JSON.readTree(line));
            }
        }

        assertThat(lines).extracting(json -> json.get("payload_encoding").asText())
                .containsExactly("utf-8", "base64", "base64", "utf-8", "utf-8");
        assertThat(lines.get(0).get("payload").asText()).contains("\"parameter\":\"pm25\"", "µg/m³");
    }

    @Test
    void anArchiveWithoutRecordsIsStillAValidGzipFile() throws IOException, DataFormatException {
        Path file = write(List.of());

        assertThat(singleGzipMember(Files.readAllBytes(file))).isEmpty();
    }

    private static byte[] payloadBytes(JsonNode json) {
        String payload = json.get("payload").asText();
        return json.get("payload_encoding").asText().equals("base64")
                ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Inflates the file as exactly one gzip member (RFC 1952) and checks its trailer. GZIPInputStream
     * would silently read several concatenated members, or stop early; this does neither, so a file of
     * two members, a missing trailer or trailing garbage all fail.
     */
    private static byte[] singleGzipMember(byte[] file) throws DataFormatException {
        assertThat(file.length).as("file size").isGreaterThanOrEqualTo(18);
        assertThat(file[0] & 0xff).as("magic").isEqualTo(0x1f);
        assertThat(file[1] & 0xff).as("magic").isEqualTo(0x8b);
        assertThat(file[2]).as("deflate method").isEqualTo((byte) 8);
        assertThat(file[3]).as("flags: java.util.zip writes no optional header fields").isEqualTo((byte) 0);
        int headerLength = 10;

        Inflater inflater = new Inflater(true);
        inflater.setInput(file, headerLength, file.length - headerLength);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new AssertionError("the deflate stream ends before its final block");
            }
            out.write(buf, 0, n);
        }
        int trailerStart = file.length - inflater.getRemaining();
        inflater.end();
        assertThat(file.length - trailerStart).as("bytes after the deflate stream: exactly the 8-byte trailer")
                .isEqualTo(8);

        byte[] data = out.toByteArray();
        ByteBuffer trailer = ByteBuffer.wrap(file, trailerStart, 8).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(data);
        assertThat(trailer.getInt() & 0xffffffffL).as("CRC32").isEqualTo(crc.getValue());
        assertThat(trailer.getInt() & 0xffffffffL).as("ISIZE").isEqualTo(data.length & 0xffffffffL);
        return data;
    }
}
