package org.aqlake.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.aggregate.AggregatesGraph;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.decode.DecodeReadings;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeSinks;

/**
 * The pipeline, from Kinesis records to the lake:
 *
 * <pre>
 * records ─┬─ decode + validate ─┬─ watermarks ─ readings (Parquet, event-time partitions)
 *          │                     │                └─ aggregates (windows per location, AQI; Parquet)
 *          │                     └─ dead letters (JSON lines, by type)
 *          └─ raw archive (gzip JSON lines, optional)
 * </pre>
 *
 * Sources and sinks are passed in, so tests run the same graph against emulators or collections.
 * The uids are part of the savepoint contract: never rename them.
 */
public final class AqLakePipeline {

    public static final String UID_DECODE = "decode-readings";
    public static final String UID_WATERMARKS = "readings-watermarks";
    public static final String UID_READINGS_SINK = "readings-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letters-sink";
    public static final String UID_RAW_SINK = "raw-archive-sink";

    private AqLakePipeline() {}

    public static DataStream<Reading> build(DataStream<KinesisRecord> records, JobConfig cfg, LakeSinks sinks) {
        if (sinks.raw != null) {
            records.sinkTo(sinks.raw).uid(UID_RAW_SINK).name("Raw archive");
        }

        SingleOutputStreamOperator<Reading> decoded = records
                .process(new DecodeReadings(cfg.validation))
                .uid(UID_DECODE)
                .name("Decode and validate");

        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DecodeReadings.DEAD_LETTERS);
        deadLetters.sinkTo(sinks.deadLetters).uid(UID_DEAD_LETTER_SINK).name("Dead letters");

        DataStream<Reading> readings = decoded
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Reading>forBoundedOutOfOrderness(cfg.outOfOrderness)
                        .withTimestampAssigner((reading, ignored) -> reading.eventTime)
                        .withIdleness(cfg.idleness))
                .uid(UID_WATERMARKS)
                .name("Event-time watermarks");

        readings.sinkTo(sinks.readings).uid(UID_READINGS_SINK).name("Readings (Parquet)");

        // Aggregates: fed the very stream the readings sink gets, so a row that never reaches the
        // readings table (e.g. one a consent gate drops before this point) never reaches them either.
        if (sinks.aggregates != null) {
            AggregatesGraph.attach(readings, cfg.aggregation, sinks.aggregates);
        }
        return readings;
    }
}
