package org.aqlake.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.aggregate.AggregatesGraph;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentFilter;
import org.aqlake.job.consent.ConsentRegistry;
import org.aqlake.job.consent.ConsentSources;
import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.dedup.DeduplicateRecords;
import org.aqlake.job.dedup.RecordIdentity;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeBuckets;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.sink.OpenPartitionBound;
import org.aqlake.job.source.ReadingWatermarks;

import java.util.List;

/**
 * The pipeline, from Kinesis records to the lake:
 *
 * <pre>
 * records ─┬─ drop duplicates ─ decode + validate ─┬─ watermarks ─ consent gate ─┬─ readings (Parquet, event-time partitions)
 *          │                                       │                   │         └─ aggregates (windows per location, AQI; Parquet)
 *          │                                       └─ dead letters     │            (JSON lines, by type)
 *          └─ raw archive (gzip JSON lines, optional; keeps duplicates)│
 * consent registry (optional) ─ decode ─┬─ records ────────────────────┘
 *                                       └─ dead letters (redacted)
 * </pre>
 *
 * Each readings writer is preceded by a bound on the partitions it has open at once; readings beyond it
 * are dead letters.
 * With a consent registry the gate has two branches (exempt readings, and those its keyed gate passed);
 * each gets its own readings sink and pre-aggregation, chained to it, rather than one after a union,
 * which could not be chained and would serialize every reading.
 * Sources and sinks are passed in, so tests run the same graph against emulators or collections. The
 * consent registry is never archived raw.
 * The uids are part of the savepoint contract: never rename them.
 */
public final class AqLakePipeline {


    private AqLakePipeline() {}

    /** The pipeline with the consent sources the configuration names. */
    public static DataStream<Reading> build(DataStream<KinesisRecord> records, JobConfig cfg, LakeSinks sinks) {
        return build(records, ConsentSources.fromConfig(records.getExecutionEnvironment(), cfg), cfg, sinks);
    }

    /** @return the readings that passed the consent gate, in event time: what the tables downstream may use */
    public static DataStream<Reading> build(DataStream<KinesisRecord> records, ConsentSources consentSources,
            JobConfig cfg, LakeSinks sinks) {
        if (sinks.raw != null) {
            records.sinkTo(sinks.raw).uid(OperatorUids.RAW_ARCHIVE_SINK).name("Raw archive");
        }

        // after the raw archive, which keeps what the stream delivered (retries included), and before
        // decoding, so that readings, aggregates and dead letters all get one copy of each record
        DataStream<KinesisRecord> distinct = records
                .keyBy(new RecordIdentity(), RecordIdentity.TYPE)
                .process(new DeduplicateRecords(cfg.dedupHorizon))
                .uid(OperatorUids.DEDUP)
                .name("Drop duplicate records");

        SingleOutputStreamOperator<Reading> decoded = distinct
                .process(new DecodeReadings(cfg.validation, cfg.consent))
                .uid(OperatorUids.DECODE)
                .name("Decode and validate");

        ConsentRegistry consent = ConsentRegistry.build(consentSources, cfg);
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DecodeReadings.DEAD_LETTERS);
        if (consent.deadLetters != null) {
            deadLetters = deadLetters.union(consent.deadLetters);
        }

        DataStream<Reading> readings = decoded
                .transform("Event-time watermarks", TypeInformation.of(Reading.class),
                        ReadingWatermarks.create(cfg.outOfOrderness, cfg.idleness))
                .uid(OperatorUids.WATERMARKS);

        ConsentFilter.Passed passed = ConsentFilter.apply(readings, consent.records, cfg.consent);
        List<DataStream<Reading>> written; // what the readings writers get, branch by branch, exempt first
        if (passed.consented != null && sinks.consentedReadings != null) {
            // a sink per branch, so that the exempt readings (most of them) reach theirs in their own
            // chain; the sink alongside goes first, as its committables feed the table's one committer
            SingleOutputStreamOperator<Reading> consented =
                    bounded(passed.consented, cfg, OperatorUids.CONSENTED_PARTITION_BOUND, "consented readings");
            consented.sinkTo(sinks.consentedReadings).uid(OperatorUids.CONSENTED_READINGS_SINK)
                    .name("Readings (Parquet, consented)");
            SingleOutputStreamOperator<Reading> exempt = bounded(passed.exempt, cfg, OperatorUids.PARTITION_BOUND, "readings");
            exempt.sinkTo(sinks.readings).uid(OperatorUids.READINGS_SINK).name("Readings (Parquet)");
            deadLetters = deadLetters.union(consented.getSideOutput(OpenPartitionBound.DEAD_LETTERS),
                    exempt.getSideOutput(OpenPartitionBound.DEAD_LETTERS));
            written = List.of(exempt, consented);
        } else {
            SingleOutputStreamOperator<Reading> all = bounded(passed.all, cfg, OperatorUids.PARTITION_BOUND, "readings");
            all.sinkTo(sinks.readings).uid(OperatorUids.READINGS_SINK).name("Readings (Parquet)");
            deadLetters = deadLetters.union(all.getSideOutput(OpenPartitionBound.DEAD_LETTERS));
            written = List.of(all);
        }
        deadLetters.sinkTo(sinks.deadLetters).uid(OperatorUids.DEAD_LETTERS_SINK).name("Dead letters");

        // Aggregates: fed the very readings the readings writers get, so a reading the consent gate denies
        // or the open-partition bound turns away never reaches them either (and the aggregates writer opens
        // no partition the readings writers did not); branch by branch, so that the exempt readings are
        // pre-aggregated in their own chain rather than shipped to an operator after the union.
        if (sinks.aggregates != null) {
            AggregatesGraph.attach(written, cfg.aggregation, sinks.aggregates);
        }
        return passed.all;
    }

    /**
     * The readings a writer gets, with no more partitions between two checkpoints than {@code
     * lake.max-open-partitions}: chained to the writer (forward, same parallelism), so it sees what the writer sees.
     */
    private static SingleOutputStreamOperator<Reading> bounded(DataStream<Reading> readings, JobConfig cfg,
            String uid, String what) {
        return readings
                .process(new OpenPartitionBound(LakeBuckets.readings(cfg.partitionTemplate, cfg.partitionTime),
                        cfg.maxOpenPartitions, cfg.stream))
                .uid(uid)
                .name("Open partition bound (" + what + ")");
    }
}
