package org.aqlake.job.backfill;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The partition key a backfilled line gets: the one the local replay gives the same payload on Kinesis (its
 * location, bounded as Kinesis bounds keys), since the stream's de-duplication is keyed by key and payload.
 */
final class PartitionKeys {

    static final int MAX_LENGTH = 256;
    static final String NO_LOCATION = "no-location";
    private static final JsonFactory JSON = new JsonFactory();

    private PartitionKeys() {}

    static String bounded(String key) {
        if (key == null || key.isEmpty()) {
            return NO_LOCATION;
        }
        return key.length() <= MAX_LENGTH ? key : key.substring(0, MAX_LENGTH);
    }

    /** The top-level {@code location} of a JSON object, read without building a tree; else {@value #NO_LOCATION}. */
    static String ofJson(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NO_LOCATION;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("location")) {
                    return value.isScalarValue() && value != JsonToken.VALUE_NULL ? bounded(p.getText()) : NO_LOCATION;
                }
                p.skipChildren();
            }
            return NO_LOCATION;
        } catch (IOException | RuntimeException notJson) {
            return NO_LOCATION;
        }
    }
}
