package org.aqlake.job.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;

import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.DeadLetterEncoder;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A dead letter's Iceberg row holds exactly what its JSON line in the errors folders holds. */
class ErrorRowsTest {

    static final Instant ARRIVAL = Instant.parse("2024-05-01T08:15:30.250Z");
    static final String PERSONAL = "{\"customerName\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
            + "\"serialNumber\":\"dev-7\",\"value\":3}";
    static final ObjectMapper JSON = new ObjectMapper();

    static DeadLetter letter(byte[] payload) {
        return DeadLetter.of(new KinesisRecord(payload, "aq-readings", "shardId-000000000001", "4959", "ada@example.com",
                ARRIVAL.toEpochMilli()), ErrorType.SCHEMA_MISMATCH, "value", "value: not a number");
    }

    static Map<String, Object> asRow(DeadLetter d) {
        RowData row = new ErrorRows().map(d);
        RowType type = FlinkSchemaUtil.convert(ErrorRows.SCHEMA);
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Object v = RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row);
            columns.put(type.getFieldNames().get(i), v instanceof TimestampData
                    ? ((TimestampData) v).toInstant().toString() : v == null ? null : v.toString());
        }
        return columns;
    }

    static Map<String, Object> asJsonLine(DeadLetter d) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DeadLetterEncoder().encode(d, out);
        JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<String> names = line.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            fields.put(name, line.get(name).isNull() ? null : line.get(name).asText());
        }
        return fields;
    }

    @Test
    void theTableHasTheFieldsOfTheJsonLinesInTheirOrder() throws Exception {
        List<String> columns = new ArrayList<>();
        ErrorRows.SCHEMA.columns().forEach(c -> columns.add(c.name()));

        assertThat(columns).containsExactlyElementsOf(asJsonLine(letter(new byte[] {1})).keySet());
        assertThat(ErrorRows.SCHEMA.findField("arrival_time").type()).isEqualTo(Types.TimestampType.withZone());
    }

    @Test
    void everyKindOfPayloadBecomesTheValuesOfItsJsonLine() throws Exception {
        DeadLetter text = letter(PERSONAL.getBytes(StandardCharsets.UTF_8));
        DeadLetter binary = letter(new byte[] {(byte) 0x1f, (byte) 0x8b, (byte) 0xff, 0});
        DeadLetter redacted = ConsentRedaction.redact(letter(PERSONAL.getBytes(StandardCharsets.UTF_8)),
                "value: not a number", "not exempt");
        DeadLetter withheld = ConsentRedaction.redact(letter("[1,2]".getBytes(StandardCharsets.UTF_8)),
                "value: not a number", "not exempt");

        for (DeadLetter d : List.of(text, binary, redacted, withheld)) {
            assertThat(asRow(d)).as(d.toString()).isEqualTo(asJsonLine(d));
        }
        assertThat(asRow(binary).get("payload_encoding")).isEqualTo("base64");
        assertThat(asRow(withheld).get("payload")).isNull();
    }

    @Test
    void aRedactedLettersRowHoldsNoPersonalData() {
        DeadLetter redacted = ConsentRedaction.redact(letter(PERSONAL.getBytes(StandardCharsets.UTF_8)),
                "value: not a number", "not exempt");

        Map<String, Object> row = asRow(redacted);

        assertThat(row.get("payload_encoding")).isEqualTo(ConsentRedaction.REDACTED_ENCODING);
        assertThat(row.get("partition_key")).isNull();
        assertThat(row.values().toString()).doesNotContain("Ada").doesNotContain("ada@example.com");
    }
}
