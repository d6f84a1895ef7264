package org.aqlake.job.sink;

import org.aqlake.job.model.Reading;

import java.util.Set;

/** The readings table's columns that may be used in {@code !{partitionKey:<column>}}. */
public final class ReadingColumns {

    public static final Set<String> PARTITION_KEYS = Set.of(
            "parameter", "unit", "location", "city", "country", "source_name", "source_type", "device_id");

    private ReadingColumns() {}

    /** The column's value as text, or null. Only {@link #PARTITION_KEYS} are valid names. */
    public static String value(Reading r, String column) {
        switch (column) {
            case "parameter":
                return r.parameter;
            case "unit":
                return r.unit;
            case "location":
                return r.location;
            case "city":
                return r.city;
            case "country":
                return r.country;
            case "source_name":
                return r.sourceName;
            case "source_type":
                return r.sourceType;
            case "device_id":
                return r.deviceId;
            default:
                throw new IllegalArgumentException("'" + column + "' is not a partition key column; use one of "
                        + PARTITION_KEYS);
        }
    }
}
