package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.Encoder;

import com.fasterxml.jackson.core.JsonGenerator;

import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.model.DeadLetter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One JSON line per dead letter: type, reason, field, lineage and the original payload, or, for a redacted
 * letter, the payload's skeleton ({@code payload_encoding} {@code redacted}) or nothing (null).
 */
public final class DeadLetterEncoder implements Encoder<DeadLetter> {

    private static final long serialVersionUID = 1L;

    @Override
    public void encode(DeadLetter d, OutputStream out) throws IOException {
        try (JsonGenerator g = PayloadJson.generator(out)) {
            g.writeStartObject();
            g.writeStringField("error_type", d.errorType.id());
            g.writeStringField("reason", d.reason);
            g.writeStringField("field", d.field);
            PayloadJson.lineage(g, d.stream, d.shardId, d.sequenceNumber, d.partitionKey, d.arrivalTime);
            if (d.redacted && d.payload != null) {
                g.writeStringField("payload", new String(d.payload, StandardCharsets.UTF_8));
                g.writeStringField("payload_encoding", ConsentRedaction.REDACTED_ENCODING);
            } else {
                PayloadJson.payload(g, d.payload);
            }
            g.writeEndObject();
        }
        out.write('\n');
    }
}
