package org.aqlake.job.aggregate;

import org.apache.flink.api.java.functions.KeySelector;

import org.aqlake.job.model.PartialAggregate;

/**
 * Keys readings by location, so that one operator instance sees every pollutant of a location and
 * can name the dominant one. A key cannot be null: readings without a location get the empty key,
 * and real locations are prefixed so that none can collide with it.
 */
public final class LocationKey implements KeySelector<PartialAggregate, String> {

    private static final long serialVersionUID = 1L;

    static final String NO_LOCATION = "";

    @Override
    public String getKey(PartialAggregate r) {
        return of(r.location);
    }

    /** The key of a location as sent (null for none). */
    public static String of(String location) {
        return location == null ? NO_LOCATION : "@" + location;
    }
}
