package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Partition keys by location, so that each station's readings stay in order on one shard. A payload
 * that has no location (or is not JSON at all) still gets a key: bad input is sent too, for the job to
 * turn into a dead letter.
 */
public final class PartitionKeys {

    /** Kinesis accepts 1 to 256 characters. */
    static final int MAX_LENGTH = 256;
    static final String NO_LOCATION = "no-location";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PartitionKeys() {}

    public static String ofJson(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            JsonNode location = node == null ? null : node.get("location");
            return location != null && location.isValueNode() ? location.asText() : NO_LOCATION;
        } catch (Exception notJson) {
            return NO_LOCATION;
        }
    }

    static String bounded(String key) {
        if (key == null || key.isEmpty()) {
            return NO_LOCATION;
        }
        return key.length() <= MAX_LENGTH ? key : key.substring(0, MAX_LENGTH);
    }
}
