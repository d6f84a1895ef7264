package org.aqlake.job.model;

import java.util.Objects;

/**
 * One row of the late-readings table: readings of one location, parameter and unit that reached the
 * aggregation after their window was sealed, so that no aggregate row counts them. One row per batch
 * (the readings a pre-aggregation summed up between two watermarks or checkpoints); readers sum {@link
 * #readings} per window. A Flink POJO; the Parquet column of each field is given in {@code
 * LateReadingsWriteSupport}.
 */
public class LateReadings {

    /** The window the readings belong to, epoch milliseconds UTC; the end is exclusive. */
    public long windowStart;
    public long windowEnd;

    /** The location as sent; null for readings without one. */
    public String location;
    /** The place's city and country, as in the aggregates' key; null for readings without a location. */
    public String city;
    public String country;
    public String parameter;
    public String unit;

    /** How many readings. */
    public long readings;
    /** The latest Kinesis arrival time among them, epoch milliseconds UTC. */
    public long arrivalTime;

    public LateReadings() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LateReadings)) {
            return false;
        }
        LateReadings l = (LateReadings) o;
        return windowStart == l.windowStart && windowEnd == l.windowEnd && readings == l.readings
                && arrivalTime == l.arrivalTime && Objects.equals(location, l.location)
                && Objects.equals(city, l.city) && Objects.equals(country, l.country)
                && Objects.equals(parameter, l.parameter) && Objects.equals(unit, l.unit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowStart, location, parameter, unit, arrivalTime);
    }

    @Override
    public String toString() {
        return "LateReadings{" + location + " " + parameter + " [" + unit + "] @" + windowStart + ": n=" + readings
                + " arrived " + arrivalTime + "}";
    }
}
