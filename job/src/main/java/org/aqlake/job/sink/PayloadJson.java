package org.aqlake.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Shared JSON-lines writing for the dead letters and the raw archive: lineage plus the original payload. */
final class PayloadJson {

    // the sink owns the file stream: a generator must never close it
    static final JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .rootValueSeparator((String) null) // lines are separated by '\n' explicitly, not by Jackson's space
            .build();

    private PayloadJson() {}

    static JsonGenerator generator(OutputStream out) throws IOException {
        return JSON.createGenerator(out);
    }

    static void lineage(JsonGenerator g, String stream, String shardId, String sequenceNumber, String partitionKey,
            long arrivalTime) throws IOException {
        g.writeStringField("stream", stream);
        g.writeStringField("shard_id", shardId);
        g.writeStringField("sequence_number", sequenceNumber);
        g.writeStringField("partition_key", partitionKey);
        g.writeStringField("arrival_time", Instant.ofEpochMilli(arrivalTime).toString());
    }

    /**
     * The payload as text when it is valid UTF-8, else base64; {@code payload_encoding} says which. Both
     * are null when the payload was withheld (a consent record that could not be redacted).
     */
    static void payload(JsonGenerator g, byte[] payload) throws IOException {
        if (payload == null) {
            g.writeNullField("payload");
            g.writeNullField("payload_encoding");
            return;
        }
        String text = utf8OrNull(payload);
        if (text != null) {
            g.writeStringField("payload", text);
            g.writeStringField("payload_encoding", "utf-8");
        } else {
            g.writeStringField("payload", Base64.getEncoder().encodeToString(payload));
            g.writeStringField("payload_encoding", "base64");
        }
    }

    static String utf8OrNull(byte[] bytes) {
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
}
