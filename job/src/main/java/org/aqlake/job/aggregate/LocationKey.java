package org.aqlake.job.aggregate;

import org.apache.flink.api.java.functions.KeySelector;

import org.aqlake.job.model.PartialAggregate;

/**
 * Keys readings by place, so that one operator instance sees every pollutant of a place and can name the
 * dominant one. A place is a location name with its city and country: OpenAQ's mobile stations report one
 * location name from several cities, and an hour's AQI belongs to one of them. Coordinates are not part of
 * the key (a mobile station moves every reading); the rows say where the place last was. A key cannot be
 * null: readings without a location get the empty key, whatever their city, and real locations are
 * prefixed so that none can collide with it. A location without city and country keys as it did before
 * places ({@code "@" + location}), so such windows in a savepoint taken before keep their key.
 */
public final class LocationKey implements KeySelector<PartialAggregate, String> {

    private static final long serialVersionUID = 1L;

    static final String NO_LOCATION = "";

    @Override
    public String getKey(PartialAggregate r) {
        return of(r.location, r.city, r.country);
    }

    /** The key of a place as sent (location null for none). */
    public static String of(String location, String city, String country) {
        if (location == null) {
            return NO_LOCATION;
        }
        if (city == null && country == null) {
            return "@" + location;
        }
        // lengths delimit the parts, so that no separator inside a name can make two places one key
        return "@" + location.length() + ":" + location + part(city) + part(country);
    }

    private static String part(String s) {
        return s == null ? "|-" : "|" + s.length() + ":" + s;
    }
}
