package org.aqlake.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.aggregate.AggregateReadings;
import org.aqlake.job.aggregate.AggregationRules;
import org.aqlake.job.aggregate.LocationKey;
import org.aqlake.job.aggregate.PreAggregateReadings;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.consent.ConsentSources;
import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.dedup.DeduplicateRecords;
import org.aqlake.job.dedup.RecordIdentity;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeBuckets;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.sink.LakeSinks.Branch;
import org.aqlake.job.sink.OpenPartitionBound;
import org.aqlake.job.source.ReadingWatermarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
 * consent registry is never archived raw. Every operator gets its uid and name here; the feature packages
 * provide the functions, operators and sinks.
 * The uids are part of the savepoint contract: never rename them.
 */
public final class AqLakePipeline {

    private static final TypeInformation<Reading> READING = TypeInformation.of(Reading.class);
    /** One pre-aggregation per branch of the consent gate, exempt readings first, like their uids. */
    private static final List<String> PRE_AGGREGATE_NAMES =
            List.of("Pre-aggregate readings", "Pre-aggregate consented readings");

    private AqLakePipeline() {}

    /** The pipeline with the consent sources the configuration names. */
    public static DataStream<Reading> build(DataStream<KinesisRecord> records, JobConfig cfg, LakeSinks sinks) {
        return build(records, JobSources.consent(records.getExecutionEnvironment(), cfg), cfg, sinks);
    }

    /** @return the readings that passed the consent gate, in event time: what the tables downstream may use */
    public static DataStream<Reading> build(DataStream<KinesisRecord> records, ConsentSources consentSources,
            JobConfig cfg, LakeSinks sinks) {
        return build(records, Optional.empty(), consentSources, cfg, sinks);
    }

    /**
     * The pipeline over records from a source that has dead letters of its own (the backfill's lines that are
     * no record), written with the pipeline's.
     */
    public static DataStream<Reading> build(DataStream<KinesisRecord> records,
            Optional<DataStream<DeadLetter>> sourceDeadLetters, ConsentSources consentSources, JobConfig cfg,
            LakeSinks sinks) {
        sinks.rawArchive().ifPresent(raw -> records.sinkTo(raw).uid(OperatorUids.RAW_ARCHIVE_SINK).name("Raw archive"));

        // after the raw archive, which keeps what the stream delivered (retries included), and before
        // decoding, so that readings, aggregates and dead letters all get one copy of each record
        DataStream<KinesisRecord> distinct = records
                .keyBy(new RecordIdentity(), RecordIdentity.TYPE)
                .process(new DeduplicateRecords(cfg.dedupHorizon))
                .uid(OperatorUids.DEDUP)
                .name("Drop duplicate records");

        SingleOutputStreamOperator<Reading> decoded = distinct
                .process(new DecodeReadings(cfg.validation, ConsentRedaction.unlessExempt(cfg.consent)))
                .uid(OperatorUids.DECODE)
                .name("Decode and validate");

        ConsentGraph.Registry registry = ConsentGraph.registry(consentSources, cfg.outOfOrderness, cfg.idleness);
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DecodeReadings.DEAD_LETTERS);
        if (registry.deadLetters.isPresent()) {
            deadLetters = deadLetters.union(registry.deadLetters.get());
        }
        if (sourceDeadLetters.isPresent()) {
            deadLetters = deadLetters.union(sourceDeadLetters.get());
        }

        DataStream<Reading> readings = decoded
                .transform("Event-time watermarks", READING, ReadingWatermarks.create(cfg.outOfOrderness, cfg.idleness))
                .uid(OperatorUids.WATERMARKS);

        ConsentGraph.Passed passed = ConsentGraph.gate(readings, registry.records, cfg.consent);

        // a readings sink per branch of the gate, so that the exempt readings (most of them) reach theirs in
        // their own chain; LakeSinks gives them in the order the table's partition committer needs
        List<Written> written = new ArrayList<>();
        for (LakeSinks.ReadingsSink sink : sinks.readingsInGraphOrder(passed.consented.isPresent())) {
            SingleOutputStreamOperator<Reading> bounded = bounded(passed.branch(sink.branch), cfg, sink.branch);
            boolean consented = sink.branch == Branch.CONSENTED;
            if (cfg.iceberg.isEmpty()) {
                bounded.sinkTo(sink.sink)
                        .uid(consented ? OperatorUids.CONSENTED_READINGS_SINK : OperatorUids.READINGS_SINK)
                        .name(consented ? "Readings (Parquet, consented)" : "Readings (Parquet)");
            }
            written.add(new Written(consented ? 1 : 0, bounded));
        }
        cfg.iceberg.ifPresent(tables -> IcebergGraph.readings(written.stream().<DataStream<Reading>>map(w -> w.readings)
                .reduce(DataStream::union).orElseThrow(), tables, cfg.icebergMaintenance));
        for (Written w : written) {
            deadLetters = deadLetters.union(w.readings.getSideOutput(OpenPartitionBound.DEAD_LETTERS));
        }
        if (cfg.iceberg.isPresent()) {
            IcebergGraph.errors(deadLetters, cfg.iceberg.get(), cfg.icebergMaintenance);
            IcebergGraph.retired(decoded, DeadLetter.class).sinkTo(sinks.deadLetters())
                    .uid(OperatorUids.DEAD_LETTERS_SINK).name("Dead letters (JSON lines, retired)");
        } else {
            deadLetters.sinkTo(sinks.deadLetters()).uid(OperatorUids.DEAD_LETTERS_SINK).name("Dead letters");
        }

        // Aggregates: fed the very readings the readings writers get, so a reading the consent gate denies
        // or the open-partition bound turns away never reaches them either (and the aggregates writer opens
        // no partition the readings writers did not); branch by branch, so that the exempt readings are
        // pre-aggregated in their own chain rather than shipped to an operator after the union.
        if (sinks.aggregates().isPresent()) {
            AggregationRules rules = cfg.aggregation.orElseThrow(() ->
                    new IllegalArgumentException("an aggregates sink, but aggregates.enabled is false"));
            SingleOutputStreamOperator<Aggregate> rows = written.stream()
                    .sorted(Comparator.comparingInt(w -> w.index))
                    .<DataStream<PartialAggregate>>map(w -> w.readings
                            .transform(PRE_AGGREGATE_NAMES.get(w.index), TypeInformation.of(PartialAggregate.class),
                                    new PreAggregateReadings(rules))
                            .uid(OperatorUids.PRE_AGGREGATE.get(w.index)))
                    .reduce(DataStream::union)
                    .orElseThrow()
                    .keyBy(new LocationKey())
                    .process(new AggregateReadings(rules))
                    .uid(OperatorUids.AGGREGATE)
                    .name("Aggregate readings (windows, AQI, WHO)");
            if (cfg.iceberg.isPresent()) {
                IcebergGraph.aggregates(rows, cfg.iceberg.get(), cfg.icebergMaintenance);
                IcebergGraph.retired(rows, Aggregate.class).sinkTo(sinks.aggregates().get())
                        .uid(OperatorUids.AGGREGATES_SINK).name("Aggregates (Parquet, retired)");
            } else {
                rows.sinkTo(sinks.aggregates().get()).uid(OperatorUids.AGGREGATES_SINK).name("Aggregates (Parquet)");
            }
            rows.getSideOutput(AggregateReadings.AFTER_SEAL)
                    .sinkTo(sinks.aggregatesLate().orElseThrow(() ->
                            new IllegalArgumentException("an aggregates sink without the late-readings table")))
                    .uid(OperatorUids.AGGREGATES_LATE_SINK)
                    .name("Late readings (Parquet)");
        }
        return passed.all;
    }

    /** What a readings writer gets, with the index of its branch: 0 for all or exempt readings, 1 for consented. */
    private static final class Written {
        final int index;
        final SingleOutputStreamOperator<Reading> readings;

        Written(int index, SingleOutputStreamOperator<Reading> readings) {
            this.index = index;
            this.readings = readings;
        }
    }

    /**
     * The readings a writer gets, with no more partitions between two checkpoints than {@code
     * lake.max-open-partitions}: chained to the writer (forward, same parallelism), so it sees what the writer sees.
     */
    private static SingleOutputStreamOperator<Reading> bounded(DataStream<Reading> readings, JobConfig cfg,
            Branch branch) {
        boolean consented = branch == Branch.CONSENTED;
        return readings
                .process(new OpenPartitionBound(LakeBuckets.readings(cfg.partitionTemplate, cfg.partitionTime),
                        cfg.maxOpenPartitions, cfg.stream))
                .uid(consented ? OperatorUids.CONSENTED_PARTITION_BOUND : OperatorUids.PARTITION_BOUND)
                .name("Open partition bound (" + (consented ? "consented readings" : "readings") + ")");
    }
}
