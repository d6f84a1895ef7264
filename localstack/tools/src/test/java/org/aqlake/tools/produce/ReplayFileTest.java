package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.ErrorType;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.tools.ToolException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayFileTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long LATER = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    static List<ProducerRecord> replay(Path file, ReplayFile.Format format) throws IOException {
        List<ProducerRecord> out = new ArrayList<>();
        try (RecordSource s = ReplayFile.open(file, format)) {
            s.forEachRemaining(out::add);
        }
        return out;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void theRealOpenAqNdjsonIsReplayedLineForLineKeyedByLocation() throws Exception {
        List<String> lines = OpenAqSamples.realtimeLines();

        List<ProducerRecord> records = replay(OpenAqSamples.dataDir().resolve(OpenAqSamples.NDJSON),
                ReplayFile.Format.AUTO);

        assertThat(records).hasSize(64);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(new String(records.get(i).data, StandardCharsets.UTF_8)).isEqualTo(lines.get(i));
            assertThat(records.get(i).partitionKey).isEqualTo(JSON.readTree(lines.get(i)).get("location").asText());
        }
    }

    @Test
    void ndjsonBytesArriveUnchangedEvenWhenTheyAreNotJsonOrUtf8() throws Exception {
        byte[] notUtf8 = {'{', '"', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write("\uFEFF{\"location\":\"A\",\"value\":1}\r\n".getBytes(StandardCharsets.UTF_8));
        file.write("\n   \n".getBytes(StandardCharsets.UTF_8));
        file.write("{\"location\":\"B\",\"val".getBytes(StandardCharsets.UTF_8));
        file.write('\n');
        file.write(notUtf8);
        Path plain = Files.write(dir.resolve("mixed.jsonl"), file.toByteArray());
        Path gz = Files.write(dir.resolve("mixed.jsonl.gz"), gzip(file.toByteArray()));

        for (Path p : List.of(plain, gz)) {
            List<ProducerRecord> records = replay(p, ReplayFile.Format.AUTO);

            assertThat(records).extracting(r -> r.partitionKey).containsExactly("A", "no-location", "no-location");
            assertThat(records.get(0).data).isEqualTo("{\"location\":\"A\",\"value\":1}".getBytes(StandardCharsets.UTF_8));
            assertThat(records.get(1).data).isEqualTo("{\"location\":\"B\",\"val".getBytes(StandardCharsets.UTF_8));
            assertThat(records.get(2).data).isEqualTo(notUtf8);
        }
    }

    @Test
    void theRealDailyCsvWithoutHeaderBecomesTheReadingsTheJobExpects() throws Exception {
        List<String> expected = OpenAqSamples.csvAsRealtimeJson();

        List<ProducerRecord> records = replay(OpenAqSamples.dataDir().resolve(OpenAqSamples.CSV), ReplayFile.Format.AUTO);

        assertThat(records).hasSize(82);
        for (int i = 0; i < records.size(); i++) {
            Decoding d = Decoding.of(records.get(i), LATER);
            assertThat(d.error).as("record %d", i).isNull();
            OpenAqSamples.Expected e = OpenAqSamples.expected(expected.get(i));
            assertThat(d.reading.location).isEqualTo(e.location);
            assertThat(d.reading.eventTime).isEqualTo(e.eventTime);
            assertThat(d.reading.parameter).isEqualTo(e.parameter);
            assertThat(d.reading.value).isEqualTo(e.value);
            assertThat(records.get(i).partitionKey).isEqualTo(e.location);
        }
    }

    @Test
    void aHeaderRowIsRecognisedAndItsColumnsAreTakenByName() throws Exception {
        String csv = "utc,location,parameter,value,unit,city,country,latitude,longitude\n"
                + "2016-03-01T10:00:00.000Z,Station X,pm25,12.5,µg/m³,Kabul,AF,34.5,69.2\n"
                + "\n"
                + "2016-03-01T11:00:00.000Z,\"Station, Y\",o3,0.031,ppm,Kabul,AF,34.5,69.2\n";
        Path file = Files.writeString(dir.resolve("daily.csv"), csv);

        List<ProducerRecord> records = replay(file, ReplayFile.Format.AUTO);

        assertThat(records).hasSize(2);
        List<Decoding> decoded = records.stream().map(r -> Decoding.of(r, LATER)).collect(Collectors.toList());
        assertThat(decoded).allSatisfy(d -> assertThat(d.error).isNull());
        assertThat(decoded.get(1).reading.location).isEqualTo("Station, Y");
        assertThat(decoded.get(1).reading.value).isEqualTo(0.031);
        assertThat(records.get(1).partitionKey).isEqualTo("Station, Y");
    }

    @Test
    void aCsvRowTheJobCannotUseIsStillSentForItToBecomeADeadLetter() throws Exception {
        String csv = "Station X,Kabul,AF,2016-03-01T10:00:00.000Z,2016-03-01T14:30:00+04:30,pm25,n/a,µg/m³,34.5,69.2,[]\n"
                + "Station X,Kabul\n";
        Path file = Files.writeString(dir.resolve("bad.csv"), csv);

        List<ProducerRecord> records = replay(file, ReplayFile.Format.AUTO);

        assertThat(records).hasSize(2);
        JsonNode notANumber = JSON.readTree(records.get(0).data);
        assertThat(notANumber.get("value").asText()).isEqualTo("n/a");
        assertThat(records).allSatisfy(r -> assertThat(Decoding.of(r, LATER).error).isEqualTo(ErrorType.SCHEMA_MISMATCH));
    }

    @Test
    void theFormatComesFromTheNameElseFromTheFirstByte() throws Exception {
        Path json = Files.writeString(dir.resolve("readings.txt"), "{\"location\":\"A\"}\n");
        Path csv = Files.writeString(dir.resolve("readings.dat"), "A,Kabul,AF,2016-03-01T10:00:00Z\n");

        assertThat(replay(json, ReplayFile.Format.AUTO).get(0).data[0]).isEqualTo((byte) '{');
        assertThat(JSON.readTree(replay(csv, ReplayFile.Format.AUTO).get(0).data).get("city").asText()).isEqualTo("Kabul");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> ReplayFile.open(dir.resolve("nope.csv"), ReplayFile.Format.AUTO))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("nope.csv");
    }
}
