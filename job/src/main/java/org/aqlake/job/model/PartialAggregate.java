package org.aqlake.job.model;

/**
 * Some readings of one location, parameter and unit within one window, already summed up: what
 * crosses the {@code keyBy} to the aggregation instead of the readings one by one. A Flink POJO.
 */
public class PartialAggregate {

    /** The location as sent; null for readings without one. */
    public String location;
    /** The place's city and country as sent; both null for readings without a location (see {@code LocationKey}). */
    public String city;
    public String country;
    /**
     * The coordinates of the latest reading that had any, and its event time: see {@link
     * LocationWindow#locate}. Null (and 0) when none had.
     */
    public Double latitude;
    public Double longitude;
    public long locatedAt;
    /** The readings' statistics; every reading in it falls in the same window. */
    public GroupAccumulator group;

    public PartialAggregate() {}

    /** A partial of one reading, to which readings of the same window, parameter and unit can be added. */
    public static PartialAggregate of(Reading r) {
        PartialAggregate p = new PartialAggregate();
        p.location = r.location;
        if (r.location != null) {
            p.city = r.city;
            p.country = r.country;
            p.locate(r);
        }
        p.group = GroupAccumulator.of(r);
        return p;
    }

    /** Takes a reading's coordinates if they are the latest (same rule as {@link LocationWindow#locate}). */
    public void locate(Reading r) {
        if (location != null && LocationWindow.supersedes(r.latitude, r.longitude, r.eventTime, latitude, longitude,
                locatedAt)) {
            latitude = r.latitude;
            longitude = r.longitude;
            locatedAt = r.eventTime;
        }
    }

    @Override
    public String toString() {
        return "PartialAggregate{" + location + " (" + city + ", " + country + "), " + group + "}";
    }
}
