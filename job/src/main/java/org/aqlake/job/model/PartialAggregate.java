package org.aqlake.job.model;

/**
 * Some readings of one location, parameter and unit within one window, already summed up: what
 * crosses the {@code keyBy} to the aggregation instead of the readings one by one. A Flink POJO.
 */
public class PartialAggregate {

    /** The location as sent; null for readings without one. */
    public String location;
    /** The readings' statistics; every reading in it falls in the same window. */
    public GroupAccumulator group;

    public PartialAggregate() {}

    /** A partial of one reading, to which readings of the same window, parameter and unit can be added. */
    public static PartialAggregate of(Reading r) {
        PartialAggregate p = new PartialAggregate();
        p.location = r.location;
        p.group = GroupAccumulator.of(r);
        return p;
    }

    @Override
    public String toString() {
        return "PartialAggregate{" + location + ", " + group + "}";
    }
}
