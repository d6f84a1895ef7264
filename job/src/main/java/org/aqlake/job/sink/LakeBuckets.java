package org.aqlake.job.sink;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.partition.PartitionTemplate;

import java.util.Set;

/** The bucket assigner of each table: which time and which key columns fill its partition template. */
public final class LakeBuckets {

    static final String DEAD_LETTER_TEMPLATE =
            "error=!{partitionKey:error}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/";

    private LakeBuckets() {}

    /**
     * By the reading's own event time (or, as an option, its arrival time). Unlike Flink's {@code
     * DateTimeBucketAssigner} and Firehose, a late reading lands in the hour it was measured.
     */
    public static PartitionBucketAssigner<Reading> readings(PartitionTemplate template, PartitionTime partitionTime) {
        PartitionBucketAssigner.TimeOf<Reading> time =
                partitionTime == PartitionTime.EVENT ? r -> r.eventTime : r -> r.arrivalTime;
        return new PartitionBucketAssigner<>(template, time, ReadingColumns::value);
    }

    /**
     * By window start with the readings' template, so an hour's aggregates sit in the same folders as its
     * readings, and a correction lands next to the row it corrects. Of the template's partition keys,
     * {@code parameter}, {@code unit} and {@code location} are columns of the aggregates; the others have
     * no value here and render as Hive's null partition.
     */
    public static PartitionBucketAssigner<Aggregate> aggregates(PartitionTemplate template) {
        return new PartitionBucketAssigner<>(template, a -> a.windowStart, LakeBuckets::aggregateColumn);
    }

    /** By window start, like the aggregates, so a window's late readings sit next to its rows. */
    public static PartitionBucketAssigner<LateReadings> aggregatesLate(PartitionTemplate template) {
        return new PartitionBucketAssigner<>(template, l -> l.windowStart, LakeBuckets::lateColumn);
    }

    /** {@code error=<type>/yyyy/MM/dd} by arrival time: a bad record may have no usable event time. */
    public static PartitionBucketAssigner<DeadLetter> deadLetters() {
        return new PartitionBucketAssigner<>(PartitionTemplate.compile(DEAD_LETTER_TEMPLATE, Set.of("error")),
                d -> d.arrivalTime, (d, column) -> d.errorType.id());
    }

    /**
     * By arrival time only: the raw archive is the record of what arrived when, it holds payloads that
     * never parsed, and it is what a replay reads back in order.
     */
    public static PartitionBucketAssigner<KinesisRecord> raw(PartitionTemplate template) {
        return new PartitionBucketAssigner<>(template, r -> r.arrivalTime, (r, column) -> null);
    }

    private static String aggregateColumn(Aggregate a, String column) {
        return keyColumn(column, a.parameter, a.unit, a.location);
    }

    private static String lateColumn(LateReadings l, String column) {
        return keyColumn(column, l.parameter, l.unit, l.location);
    }

    private static String keyColumn(String column, String parameter, String unit, String location) {
        switch (column) {
            case "parameter":
                return parameter;
            case "unit":
                return unit;
            case "location":
                return location;
            default:
                return null;
        }
    }
}
