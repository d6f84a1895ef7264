package org.aqlake.job.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.TestReadings;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterEncoderTest {

    static final Instant ARRIVAL = Instant.parse("2024-05-01T08:15:30.250Z");
    static final String STREAM = "aq-readings";
    static final String SHARD = "shardId-000000000003";
    static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";
    static final String PARTITION_KEY = "station-42";
    static final String TRUNCATED_JSON = "{\"date\":{\"utc\":\"2024-05-01T00:00:00Z\"},\"parameter\":\"pm25\",\"val";

    static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterEncoder encoder = new DeadLetterEncoder();

    static DeadLetter deadLetter(byte[] payload, ErrorType type, String field, String reason) {
        KinesisRecord record = new KinesisRecord(payload, STREAM, SHARD, SEQUENCE, PARTITION_KEY, ARRIVAL.toEpochMilli());
        return DeadLetter.of(record, type, field, reason);
    }

    String encode(DeadLetter d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(d, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDeadLetterIsOneJsonObjectOnOneLineWithItsReasonAndLineage() throws IOException {
        String line = encode(deadLetter(TestReadings.utf8(TRUNCATED_JSON), ErrorType.JSON_PARSE_FAILED, null,
                "malformed JSON: unexpected end-of-input"));

        // JSON lines: exactly one terminating newline, none inside (the payload's quotes are escaped)
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        JsonNode json = JSON.readTree(line);
        assertThat(fieldNames(json)).containsExactly("error_type", "reason", "field", "stream", "shard_id",
                "sequence_number", "partition_key", "arrival_time", "payload", "payload_encoding");
        assertThat(json.get("error_type").asText()).isEqualTo("json-parse-failed");
        assertThat(json.get("reason").asText()).isEqualTo("malformed JSON: unexpected end-of-input");
        assertThat(json.get("field").isNull()).isTrue();
        assertThat(json.get("stream").asText()).isEqualTo(STREAM);
        assertThat(json.get("shard_id").asText()).isEqualTo(SHARD);
        assertThat(json.get("sequence_number").asText()).isEqualTo(SEQUENCE);
        assertThat(json.get("partition_key").asText()).isEqualTo(PARTITION_KEY);
        assertThat(Instant.parse(json.get("arrival_time").asText())).isEqualTo(ARRIVAL);
        assertThat(json.get("payload").asText()).isEqualTo(TRUNCATED_JSON);
        assertThat(json.get("payload_encoding").asText()).isEqualTo("utf-8");
    }

    @Test
    void theOffendingFieldIsNamedWhenThereIsOne() throws IOException {
        JsonNode json = JSON.readTree(encode(deadLetter(TestReadings.utf8("{\"value\":-999}"),
                ErrorType.VALUE_OUT_OF_RANGE, "value", "value -999 is outside the bounds")));

        assertThat(json.get("error_type").asText()).isEqualTo("value-out-of-range");
        assertThat(json.get("field").asText()).isEqualTo("value");
    }

    @Test
    void aPayloadWithNonAsciiTextStaysReadableUtf8() throws IOException {
        String payload = "{\"unit\":\"µg/m³\",\"location\":\"Zürich\"}";

        JsonNode json = JSON.readTree(encode(deadLetter(TestReadings.utf8(payload), ErrorType.SCHEMA_MISMATCH,
                "parameter", "missing parameter")));

        assertThat(json.get("payload").asText()).isEqualTo(payload);
        assertThat(json.get("payload_encoding").asText()).isEqualTo("utf-8");
    }

    @Test
    void aPayloadThatIsNotUtf8IsBase64AndDecodesBackToTheExactBytes() throws IOException {
        // gzip with a broken body: binary that must survive byte for byte for a replay
        byte[] payload = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, (byte) 0xff, (byte) 0xc3, 0x28, 0};

        JsonNode json = JSON.readTree(encode(deadLetter(payload, ErrorType.DECOMPRESSION_FAILED, null,
                "gzip payload cannot be inflated")));

        assertThat(json.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(json.get("payload").asText())).isEqualTo(payload);
    }

    @Test
    void aPayloadWithOneInvalidUtf8SequenceIsBase64Too() throws IOException {
        byte[] payload = TestReadings.invalidUtf8();

        JsonNode json = JSON.readTree(encode(deadLetter(payload, ErrorType.JSON_PARSE_FAILED, null, "bad UTF-8")));

        assertThat(json.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(json.get("payload").asText())).isEqualTo(payload);
    }

    @Test
    void anEmptyPayloadIsAnEmptyUtf8String() throws IOException {
        JsonNode json = JSON.readTree(encode(deadLetter(new byte[0], ErrorType.JSON_PARSE_FAILED, null,
                "empty payload")));

        assertThat(json.get("payload").asText()).isEmpty();
        assertThat(json.get("payload_encoding").asText()).isEqualTo("utf-8");
    }

    @Property(tries = 1000)
    void anyPayloadComesBackByteForByte(@ForAll @Size(max = 600) byte[] payload) throws IOException {
        JsonNode json = JSON.readTree(encode(deadLetter(payload, ErrorType.JSON_PARSE_FAILED, null, "any")));

        assertThat(decodePayload(json)).isEqualTo(payload);
    }

    @Property(tries = 1000)
    void anyTextPayloadStaysReadableText(@ForAll @Size(max = 300) String text) throws IOException {
        // Java strings may hold lone surrogates, which have no UTF-8 form: only encodable text is text
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        Assume.that(new String(payload, StandardCharsets.UTF_8).equals(text));

        String line = encode(deadLetter(payload, ErrorType.SCHEMA_MISMATCH, "value", "any"));
        JsonNode json = JSON.readTree(line);

        assertThat(json.get("payload_encoding").asText()).isEqualTo("utf-8");
        assertThat(json.get("payload").asText()).isEqualTo(text);
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1); // newlines inside are escaped
    }

    @Test
    void theEncoderNeverClosesTheSinksStream(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("part-0.jsonl");
        byte[] trailer = TestReadings.utf8("{\"after\":true}\n");

        // a real file stream throws on write after close: the sink writes many records to one stream
        try (OutputStream out = Files.newOutputStream(file)) {
            encoder.encode(deadLetter(TestReadings.utf8("{}"), ErrorType.SCHEMA_MISMATCH, "date.utc", "missing"), out);
            encoder.encode(deadLetter(new byte[] {(byte) 0xff}, ErrorType.JSON_PARSE_FAILED, null, "bad"), out);
            out.write(trailer);
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(0)).get("error_type").asText()).isEqualTo("schema-mismatch");
        assertThat(JSON.readTree(lines.get(1)).get("error_type").asText()).isEqualTo("json-parse-failed");
        assertThat(lines.get(2)).isEqualTo("{\"after\":true}");
    }

    private static byte[] decodePayload(JsonNode json) {
        String payload = json.get("payload").asText();
        return json.get("payload_encoding").asText().equals("base64")
                ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
