package org.aqlake.job.model;

import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.udfs.units.ReferenceUnits;

import java.util.Arrays;

/**
 * Everything one location measured in one window, and what has been written for it: operator state
 * of the aggregation, a Flink POJO (the array of POJOs is serialized field by field, not by Kryo).
 */
public class LocationWindow {

    public long windowStart;
    /** The location as sent; null for readings without one. */
    public String location;
    /**
     * The place's city and country, part of its key ({@code LocationKey}); null for readings without a
     * location, and in windows restored from a savepoint taken before these fields.
     */
    public String city;
    public String country;
    /**
     * The coordinates of the window's latest reading that had any (by event time; on a tie the greater
     * latitude, then longitude, so that the order readings arrive in does not matter), and that reading's
     * event time. A mobile station moves within the hour: its rows say where it was last. Null (and 0)
     * when no reading had coordinates.
     */
    public Double latitude;
    public Double longitude;
    public long locatedAt;
    /** One accumulator per parameter and unit, in arrival order. */
    public GroupAccumulator[] groups;
    /** The last revision written, -1 before the first row. */
    public int revision;
    /** Readings arrived since the last rows were written: a correction is due. */
    public boolean pending;
    /** A digest of the last rows written, to tell whether recomputing them changes anything. */
    public long digest;
    /**
     * The purge time a timer is registered for: when the revision retention changes across a restore (or
     * the window comes from a savepoint taken before this field, 0), the window's timer is set again, so
     * that its state is still dropped.
     */
    public long purgeTimer;

    /**
     * The window's mean of each pollutant in its reference unit, by {@code Pollutant.ordinal()} (NaN
     * where it has no convertible reading): derived from {@link #groups}, computed on first use and
     * dropped by {@link #add}. Every hourly window's AQI reads the 23 hours before it, so each hour's
     * means were recomputed 24 times, walking the groups of a large state each time: the benchmark's
     * profile found that among the aggregation's top costs. Transient, so not part of the state (and
     * recomputed after a copy or a restore).
     */
    private transient double[] referenceMeans;

    public LocationWindow() {}

    public static LocationWindow of(long windowStart, String location) {
        return of(windowStart, location, null, null);
    }

    public static LocationWindow of(long windowStart, String location, String city, String country) {
        LocationWindow w = new LocationWindow();
        w.windowStart = windowStart;
        w.location = location;
        w.city = city;
        w.country = country;
        w.groups = new GroupAccumulator[0];
        w.revision = -1;
        return w;
    }

    public boolean written() {
        return revision >= 0;
    }

    /** Folds in readings of this window, already summed up; the partial itself is not kept. */
    public void add(GroupAccumulator partial) {
        referenceMeans = null;
        for (GroupAccumulator g : groups) {
            if (g.sameGroup(partial)) {
                g.merge(partial);
                return;
            }
        }
        groups = Arrays.copyOf(groups, groups.length + 1);
        groups[groups.length - 1] = partial.copy();
    }

    /** Takes coordinates seen at an event time if they are the latest (see {@link #latitude}). */
    public void locate(Double lat, Double lon, long at) {
        if (supersedes(lat, lon, at, latitude, longitude, locatedAt)) {
            latitude = lat;
            longitude = lon;
            locatedAt = at;
        }
    }

    /**
     * Whether coordinates seen at {@code at} replace the known ones: a pair with both values, later, or
     * as late and greater, so that the result does not depend on the order they come in.
     */
    public static boolean supersedes(Double lat, Double lon, long at, Double knownLat, Double knownLon, long knownAt) {
        if (lat == null || lon == null) {
            return false;
        }
        if (knownLat == null || knownLon == null) {
            return true;
        }
        if (at != knownAt) {
            return at > knownAt;
        }
        int byLatitude = Double.compare(lat, knownLat);
        return byLatitude > 0 || byLatitude == 0 && Double.compare(lon, knownLon) > 0;
    }

    /** See {@link #referenceMeans}; callers must not change the array. */
    public double[] referenceMeans() {
        double[] means = referenceMeans;
        if (means == null) {
            Pollutant[] pollutants = Pollutant.values();
            double[] sums = new double[pollutants.length];
            long[] counts = new long[pollutants.length];
            for (GroupAccumulator g : groups) {
                Pollutant p = Pollutant.fromName(g.parameter);
                if (p == null) {
                    continue;
                }
                // the conversions are linear, so converting the sum converts every reading in it
                double converted = ReferenceUnits.toReference(g.sum, ConcentrationUnit.fromLabel(g.unit), p);
                if (!Double.isNaN(converted)) {
                    sums[p.ordinal()] += converted;
                    counts[p.ordinal()] += g.count;
                }
            }
            means = new double[pollutants.length];
            for (int i = 0; i < means.length; i++) {
                means[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
            }
            referenceMeans = means;
        }
        return means;
    }
}
