package org.aqlake.job.iceberg;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.model.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A dead letter as a row of the Iceberg errors table: the fields, names and order of a line of the JSON-lines
 * errors table ({@code sink/DeadLetterEncoder}), the arrival time as {@code timestamptz}. The letter is
 * redacted before it gets here (at decode time, {@code consent/ConsentRedaction}); this keeps what the
 * letter keeps: a redacted letter's skeleton as {@code redacted}, else the payload as text when it is
 * valid UTF-8, base64 otherwise, and nothing when it was withheld.
 */
public final class ErrorRows implements MapFunction<DeadLetter, RowData> {

    private static final long serialVersionUID = 1L;
    private static final Type TEXT = Types.StringType.get();

    public static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "error_type", TEXT),
            Types.NestedField.optional(2, "reason", TEXT),
            Types.NestedField.optional(3, "field", TEXT),
            Types.NestedField.optional(4, "stream", TEXT),
            Types.NestedField.optional(5, "shard_id", TEXT),
            Types.NestedField.optional(6, "sequence_number", TEXT),
            Types.NestedField.optional(7, "partition_key", TEXT),
            Types.NestedField.required(8, "arrival_time", Types.TimestampType.withZone()),
            Types.NestedField.optional(9, "payload", TEXT),
            Types.NestedField.optional(10, "payload_encoding", TEXT));

    @Override
    public RowData map(DeadLetter d) {
        String payload;
        String encoding;
        if (d.payload == null) {
            payload = null;
            encoding = null;
        } else if (d.redacted) {
            payload = new String(d.payload, StandardCharsets.UTF_8);
            encoding = ConsentRedaction.REDACTED_ENCODING;
        } else {
            payload = utf8OrNull(d.payload);
            encoding = payload == null ? "base64" : "utf-8";
            if (payload == null) {
                payload = Base64.getEncoder().encodeToString(d.payload);
            }
        }
        return GenericRowData.of(text(d.errorType.id()), text(d.reason), text(d.field), text(d.stream),
                text(d.shardId), text(d.sequenceNumber), text(d.partitionKey),
                TimestampData.fromEpochMillis(d.arrivalTime), text(payload), text(encoding));
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static StringData text(String s) {
        return s == null ? null : StringData.fromString(s);
    }
}
