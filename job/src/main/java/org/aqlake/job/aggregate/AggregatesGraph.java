package org.aqlake.job.aggregate;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.Reading;

/** The aggregates branch of the pipeline: readings keyed by location, aggregated, written as Parquet. */
public final class AggregatesGraph {

    public static final String UID_FIELDS = "aggregation-fields";
    public static final String UID_AGGREGATE = "aggregate-readings";
    public static final String UID_AGGREGATES_SINK = "aggregates-sink";

    private AggregatesGraph() {}

    /** Aggregates exactly the readings it is given: the stream that goes to the readings table. */
    public static DataStream<Aggregate> attach(DataStream<Reading> readings, AggregationRules rules,
            Sink<Aggregate> sink) {
        DataStream<Aggregate> rows = readings
                .map(new AggregationFields())
                .uid(UID_FIELDS)
                .name("Aggregation fields")
                .keyBy(new LocationKey())
                .process(new AggregateReadings(rules))
                .uid(UID_AGGREGATE)
                .name("Aggregate readings (windows, AQI, WHO)");
        rows.sinkTo(sink).uid(UID_AGGREGATES_SINK).name("Aggregates (Parquet)");
        return rows;
    }
}
