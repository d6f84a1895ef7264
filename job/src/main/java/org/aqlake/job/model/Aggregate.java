package org.aqlake.job.model;

import java.util.Objects;

/**
 * One row of the aggregates table: the readings of one location, parameter and unit in one
 * event-time window, with the pollutant's AQI and WHO check for that hour. A Flink POJO; nullable
 * columns use boxed types. The Parquet column of each field is given in {@code AggregateWriteSupport}.
 *
 * <p>A window's rows are written again, with a higher {@link #revision}, whenever late readings
 * change them; readers keep the highest revision per place (location, city, country), parameter, unit and window.
 */
public class Aggregate {

    /** Window bounds, epoch milliseconds UTC; the end is exclusive. */
    public long windowStart;
    public long windowEnd;

    public String location;
    /**
     * The place: the location's city and country (part of the key: a location name seen in two cities is
     * two places), and its coordinates, those of the window's latest reading that had any. Null for readings
     * without a location, and for rows written before these columns.
     */
    public String city;
    public String country;
    public Double latitude;
    public Double longitude;
    public String parameter;
    /** The unit the readings were sent in: the unit of min, max and mean. */
    public String unit;

    public long count;
    public double min;
    public double max;
    public double mean;
    /** Event times of the earliest and latest reading in the window. */
    public long firstTime;
    public long lastTime;

    /** The pollutant's reference unit (µg/m³, ppb or ppm) and the mean in it; null when no conversion exists. */
    public String referenceUnit;
    public Double meanReference;

    /** The pollutant's EPA AQI for the hour, with the averaged concentration it comes from; null when none. */
    public String aqiAveraging;
    public Double aqiConcentration;
    public Integer aqi;
    public String aqiCategory;

    /** The highest sub-index of the location's pollutants in the hour, and whose it is. */
    public Integer locationAqi;
    public String dominantPollutant;

    /** The WHO 2021 short-term guideline check of the mean ending with this hour. */
    public String whoAveraging;
    public Double whoMean;
    public Double whoGuideline;
    public Boolean whoExceeds;

    /**
     * 0 for the location's first rows of the window, then 1, 2, ... for each correction: all rows of a
     * location's window share it, so a parameter first seen in a correction starts above 0.
     */
    public int revision;

    /**
     * The latest Kinesis arrival time among the readings this row counts (for a repaired row: among the
     * readings the repair read), epoch milliseconds UTC; null when
     * unknown (a window restored from a savepoint taken before the column, until it sees a new reading).
     * Late readings ({@link LateReadings}) that arrived after it are missing from the row.
     */
    public Long arrivalsUntil;
    /**
     * The watermark from which the window takes no more corrections (its first rows plus the revision
     * retention), epoch milliseconds UTC: before it the row may still change, after it only a repair
     * changes it. Null when the writer has no such bound.
     */
    public Long sealedAt;

    public Aggregate() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Aggregate)) {
            return false;
        }
        Aggregate a = (Aggregate) o;
        return windowStart == a.windowStart && windowEnd == a.windowEnd && count == a.count
                && Double.compare(min, a.min) == 0 && Double.compare(max, a.max) == 0
                && Double.compare(mean, a.mean) == 0 && firstTime == a.firstTime && lastTime == a.lastTime
                && revision == a.revision
                && Objects.equals(location, a.location) && Objects.equals(parameter, a.parameter)
                && Objects.equals(city, a.city) && Objects.equals(country, a.country)
                && Objects.equals(latitude, a.latitude) && Objects.equals(longitude, a.longitude)
                && Objects.equals(unit, a.unit) && Objects.equals(referenceUnit, a.referenceUnit)
                && Objects.equals(meanReference, a.meanReference) && Objects.equals(aqiAveraging, a.aqiAveraging)
                && Objects.equals(aqiConcentration, a.aqiConcentration) && Objects.equals(aqi, a.aqi)
                && Objects.equals(aqiCategory, a.aqiCategory) && Objects.equals(locationAqi, a.locationAqi)
                && Objects.equals(dominantPollutant, a.dominantPollutant)
                && Objects.equals(whoAveraging, a.whoAveraging) && Objects.equals(whoMean, a.whoMean)
                && Objects.equals(whoGuideline, a.whoGuideline) && Objects.equals(whoExceeds, a.whoExceeds)
                && Objects.equals(arrivalsUntil, a.arrivalsUntil) && Objects.equals(sealedAt, a.sealedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowStart, location, city, parameter, unit, revision);
    }

    @Override
    public String toString() {
        return "Aggregate{" + location + " (" + city + ", " + country + ") " + parameter + " [" + unit + "] @" + windowStart + " r" + revision + ": n="
                + count + " mean=" + mean + " aqi=" + aqi + " (" + aqiAveraging + ")}";
    }
}
