package org.aqlake.job.aggregate;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;
import org.aqlake.job.OperatorUids;

import java.util.List;

/**
 * The aggregates branch of the pipeline: readings summed up in partials, keyed by location, aggregated,
 * written as Parquet.
 */
public final class AggregatesGraph {

    private static final List<String> NAMES_PRE_AGGREGATE =
            List.of("Pre-aggregate readings", "Pre-aggregate consented readings");

    private AggregatesGraph() {}

    /**
     * Aggregates exactly the readings it is given: the branches of the stream that goes to the readings
     * table, each pre-aggregated in its own chain.
     */
    public static DataStream<Aggregate> attach(List<DataStream<Reading>> branches, AggregationRules rules,
            Sink<Aggregate> sink) {
        if (branches.isEmpty() || branches.size() > OperatorUids.PRE_AGGREGATE.size()) {
            throw new IllegalArgumentException("1 to " + OperatorUids.PRE_AGGREGATE.size() + " branches, not " + branches.size());
        }
        DataStream<PartialAggregate> partials = null;
        for (int i = 0; i < branches.size(); i++) {
            DataStream<PartialAggregate> p = branches.get(i)
                    .transform(NAMES_PRE_AGGREGATE.get(i), TypeInformation.of(PartialAggregate.class),
                            new PreAggregateReadings(rules))
                    .uid(OperatorUids.PRE_AGGREGATE.get(i));
            partials = partials == null ? p : partials.union(p);
        }
        DataStream<Aggregate> rows = partials
                .keyBy(new LocationKey())
                .process(new AggregateReadings(rules))
                .uid(OperatorUids.AGGREGATE)
                .name("Aggregate readings (windows, AQI, WHO)");
        rows.sinkTo(sink).uid(OperatorUids.AGGREGATES_SINK).name("Aggregates (Parquet)");
        return rows;
    }
}
