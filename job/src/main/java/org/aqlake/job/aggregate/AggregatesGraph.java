package org.aqlake.job.aggregate;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;

/**
 * The aggregates branch of the pipeline: readings summed up in partials, keyed by location, aggregated,
 * written as Parquet.
 */
public final class AggregatesGraph {

    public static final String UID_PRE_AGGREGATE = "pre-aggregate-readings";
    public static final String UID_AGGREGATE = "aggregate-readings";
    public static final String UID_AGGREGATES_SINK = "aggregates-sink";

    private AggregatesGraph() {}

    /** Aggregates exactly the readings it is given: the stream that goes to the readings table. */
    public static DataStream<Aggregate> attach(DataStream<Reading> readings, AggregationRules rules,
            Sink<Aggregate> sink) {
        DataStream<Aggregate> rows = readings
                .transform("Pre-aggregate readings", TypeInformation.of(PartialAggregate.class),
                        new PreAggregateReadings(rules))
                .uid(UID_PRE_AGGREGATE)
                .keyBy(new LocationKey())
                .process(new AggregateReadings(rules))
                .uid(UID_AGGREGATE)
                .name("Aggregate readings (windows, AQI, WHO)");
        rows.sinkTo(sink).uid(UID_AGGREGATES_SINK).name("Aggregates (Parquet)");
        return rows;
    }
}
