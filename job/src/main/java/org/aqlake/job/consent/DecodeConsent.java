package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.metrics.MetricNames;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Reads consent registry records into {@link ConsentRecord}s. A record that cannot be read goes to the
 * {@link #DEAD_LETTERS} side output as a {@code consent-schema-mismatch}, redacted
 * ({@link ConsentRedaction}): its payload keeps keys and value types but no value (an email may sit in any
 * field, a date field included), or is left out when the record is not a JSON object; its partition key is
 * dropped too, since a producer may key the registry by email. Bad input never fails the job.
 *
 * <p>Two inputs share this logic: the Kinesis consent stream ({@link FromStream}) and the lines of the
 * bootstrap snapshot ({@link FromBootstrap}).
 */
public abstract class DecodeConsent<IN> extends ProcessFunction<IN, ConsentRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeConsent.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("consent-dead-letters", TypeInformation.of(DeadLetter.class));


    private transient Counter records;
    private transient Counter deadLetters;

    /** The record with its lineage; null to skip it silently. */
    protected abstract KinesisRecord asRecord(IN in);

    @Override
    public void open(Configuration parameters) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP);
        records = group.counter(MetricNames.CONSENT_RECORDS);
        deadLetters = group.addGroup(MetricNames.ERROR_TYPE, ErrorType.CONSENT_SCHEMA_MISMATCH.id())
                .counter(MetricNames.DEAD_LETTERS);
    }

    @Override
    public void processElement(IN in, Context ctx, Collector<ConsentRecord> out) {
        KinesisRecord record = asRecord(in);
        if (record == null) {
            return;
        }
        ConsentRecord consent;
        try {
            consent = ConsentRecordParser.parse(record.data);
        } catch (InvalidRecordException e) {
            deadLetter(ctx, record, e.field(), e.reason());
            return;
        } catch (RuntimeException e) {
            // a parser bug must cost one record, not the job; the exception text is not kept: it may quote the payload
            LOG.warn("Unexpected failure reading consent record {}/{}: {}", record.shardId, record.sequenceNumber,
                    e.getClass().getName());
            deadLetter(ctx, record, null, "unexpected parser failure (" + e.getClass().getSimpleName() + ")");
            return;
        }
        records.inc();
        out.collect(consent);
    }

    private void deadLetter(Context ctx, KinesisRecord record, String field, String reason) {
        // the parser's reasons quote no value: they are value-free as they are
        DeadLetter d = ConsentRedaction.redact(DeadLetter.of(record, ErrorType.CONSENT_SCHEMA_MISMATCH, field, reason),
                reason, "a consent registry record keeps no value");
        deadLetters.inc();
        ctx.output(DEAD_LETTERS, d);
    }

    /** Records of the Kinesis consent stream, with their Kinesis lineage. */
    public static final class FromStream extends DecodeConsent<KinesisRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        protected KinesisRecord asRecord(KinesisRecord in) {
            return in;
        }
    }

    /**
     * Lines of the bootstrap snapshot. A line has no Kinesis lineage: its dead letter names the snapshot
     * path as its stream, leaves shard and sequence number empty, and is dated by when it was read.
     */
    public static final class FromBootstrap extends DecodeConsent<String> {
        private static final long serialVersionUID = 1L;
        private final String path;

        public FromBootstrap(String path) {
            this.path = path;
        }

        @Override
        protected KinesisRecord asRecord(String line) {
            if (line.isBlank()) {
                return null; // a trailing newline or a spacer line is not a record
            }
            return new KinesisRecord(line.getBytes(StandardCharsets.UTF_8), path, null, null, null,
                    System.currentTimeMillis());
        }
    }
}
