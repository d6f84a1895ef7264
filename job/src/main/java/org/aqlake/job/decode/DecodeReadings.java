package org.aqlake.job.decode;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.metrics.MetricNames;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

/**
 * Decodes and validates each Kinesis record. Valid readings go downstream; every other record goes to
 * the {@link #DEAD_LETTERS} side output with its type and reason, so bad input never fails the job
 * and never disappears. Each dead letter goes through a {@link DeadLetterRedaction} first: it is made before
 * the consent gate could decide, so the consent rules may take its personal content out.
 *
 * <p>Metrics live under the {@code kinesisanalytics} group, the one Managed Flink exports to
 * CloudWatch: {@code readingsDecoded}, and {@code deadLetters} per {@code ErrorType} dimension.
 */
public final class DecodeReadings extends ProcessFunction<KinesisRecord, Reading> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeReadings.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final ReadingDecoder decoder;
    private final DeadLetterRedaction redaction;
    private transient Counter decoded;
    private transient Map<ErrorType, Counter> deadLetters;

    public DecodeReadings(ValidationRules rules, DeadLetterRedaction redaction) {
        this.decoder = new ReadingDecoder(rules);
        this.redaction = redaction;
    }

    @Override
    public void open(Configuration parameters) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP);
        decoded = group.counter(MetricNames.READINGS_DECODED);
        deadLetters = new EnumMap<>(ErrorType.class);
        for (ErrorType type : ErrorType.READING_ERRORS) {
            deadLetters.put(type, group.addGroup(MetricNames.ERROR_TYPE, type.id()).counter(MetricNames.DEAD_LETTERS));
        }
    }

    @Override
    public void processElement(KinesisRecord record, Context ctx, Collector<Reading> out) {
        Reading reading;
        try {
            reading = decoder.decode(record);
        } catch (InvalidRecordException e) {
            deadLetter(ctx, record, e.type(), e.field(), e.reason(), e.valueFreeReason());
            return;
        } catch (RuntimeException e) {
            // a decoder bug must cost one record, not the job: keep the record for replay after the fix
            LOG.warn("Unexpected failure decoding {}/{}; sent to dead letters", record.shardId, record.sequenceNumber, e);
            deadLetter(ctx, record, ErrorType.SCHEMA_MISMATCH, null, "unexpected decoder failure: " + e,
                    "unexpected decoder failure (" + e.getClass().getSimpleName() + ")");
            return;
        }
        decoded.inc();
        out.collect(reading);
    }

    private void deadLetter(Context ctx, KinesisRecord record, ErrorType type, String field, String reason,
            String valueFreeReason) {
        DeadLetter letter = DeadLetter.of(record, type, field, reason);
        redaction.apply(letter, valueFreeReason);
        deadLetters.get(letter.errorType).inc();
        ctx.output(DEAD_LETTERS, letter);
    }
}
