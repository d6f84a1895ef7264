package org.aqlake.job.aggregate;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;

import java.util.List;

/**
 * The aggregates branch of the pipeline: readings summed up in partials, keyed by location, aggregated,
 * written as Parquet.
 */
public final class AggregatesGraph {

    /** One pre-aggregation per branch of the consent gate, exempt readings first. */
    public static final List<String> UIDS_PRE_AGGREGATE =
            List.of("pre-aggregate-readings", "pre-aggregate-consented-readings");
    private static final List<String> NAMES_PRE_AGGREGATE =
            List.of("Pre-aggregate readings", "Pre-aggregate consented readings");
    public static final String UID_AGGREGATE = "aggregate-readings";
    public static final String UID_AGGREGATES_SINK = "aggregates-sink";

    private AggregatesGraph() {}

    /**
     * Aggregates exactly the readings it is given: the branches of the stream that goes to the readings
     * table, each pre-aggregated in its own chain.
     */
    public static DataStream<Aggregate> attach(List<DataStream<Reading>> branches, AggregationRules rules,
            Sink<Aggregate> sink) {
        if (branches.isEmpty() || branches.size() > UIDS_PRE_AGGREGATE.size()) {
            throw new IllegalArgumentException("1 to " + UIDS_PRE_AGGREGATE.size() + " branches, not " + branches.size());
        }
        DataStream<PartialAggregate> partials = null;
        for (int i = 0; i < branches.size(); i++) {
            DataStream<PartialAggregate> p = branches.get(i)
                    .transform(NAMES_PRE_AGGREGATE.get(i), TypeInformation.of(PartialAggregate.class),
                            new PreAggregateReadings(rules))
                    .uid(UIDS_PRE_AGGREGATE.get(i));
            partials = partials == null ? p : partials.union(p);
        }
        DataStream<Aggregate> rows = partials
                .keyBy(new LocationKey())
                .process(new AggregateReadings(rules))
                .uid(UID_AGGREGATE)
                .name("Aggregate readings (windows, AQI, WHO)");
        rows.sinkTo(sink).uid(UID_AGGREGATES_SINK).name("Aggregates (Parquet)");
        return rows;
    }
}
