package org.aqlake.job.consent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.source.IdleAwareWatermarks;
import org.aqlake.job.OperatorUids;

/**
 * The consent registry as one stream of {@link ConsentRecord}s in event time, plus the dead letters of
 * records that could not be read.
 *
 * <p>Event time of a record is its {@code lastUpdateDate}. The consent stream's watermark follows it
 * with the pipeline's out-of-orderness and idleness (an idle consent stream must not hold readings back;
 * consent changes are rare). The bootstrap snapshot has no watermark until it is read completely.
 */
public final class ConsentRegistry {


    private static final TypeInformation<ConsentRecord> TYPE = TypeInformation.of(ConsentRecord.class);

    /** Null when no consent source is configured. */
    public final DataStream<ConsentRecord> records;
    /** Null when no consent source is configured. */
    public final DataStream<DeadLetter> deadLetters;

    private ConsentRegistry(DataStream<ConsentRecord> records, DataStream<DeadLetter> deadLetters) {
        this.records = records;
        this.deadLetters = deadLetters;
    }

    public static ConsentRegistry build(ConsentSources sources, JobConfig cfg) {
        DataStream<ConsentRecord> records = null;
        DataStream<DeadLetter> deadLetters = null;
        if (sources.stream != null) {
            SingleOutputStreamOperator<ConsentRecord> decoded = sources.stream
                    .process(new DecodeConsent.FromStream(), TYPE)
                    .uid(OperatorUids.CONSENT_DECODE)
                    .name("Decode consent records");
            deadLetters = decoded.getSideOutput(DecodeConsent.DEAD_LETTERS);
            records = decoded
                    .transform("Consent watermarks", TYPE, new IdleAwareWatermarks<>(WatermarkStrategy
                            .<ConsentRecord>forBoundedOutOfOrderness(cfg.outOfOrderness)
                            .withTimestampAssigner((c, ignored) -> c.lastUpdateDate)
                            .withIdleness(cfg.idleness)))
                    .uid(OperatorUids.CONSENT_WATERMARKS);
        }
        if (sources.bootstrap != null) {
            SingleOutputStreamOperator<ConsentRecord> decoded = sources.bootstrap
                    .process(new DecodeConsent.FromBootstrap(sources.bootstrapPath), TYPE)
                    .uid(OperatorUids.CONSENT_DECODE_BOOTSTRAP)
                    .name("Decode consent bootstrap");
            DataStream<DeadLetter> bad = decoded.getSideOutput(DecodeConsent.DEAD_LETTERS);
            deadLetters = deadLetters == null ? bad : deadLetters.union(bad);
            records = records == null ? decoded : records.union(decoded);
        }
        return new ConsentRegistry(records, deadLetters);
    }
}
