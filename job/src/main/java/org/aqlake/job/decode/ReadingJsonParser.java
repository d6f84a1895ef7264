package org.aqlake.job.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import org.aqlake.job.model.ErrorType;

import java.io.IOException;

/**
 * Streams one JSON payload into a {@link RawReading}. A streaming parser rather than a tree: a
 * reading is read once, field by field, and the dropped fields (attribution, local time, the
 * generator's junk) are skipped without being built.
 *
 * <p>Accepted spellings: OpenAQ realtime ({@code date.utc}, {@code parameter}, {@code coordinates},
 * {@code averagingPeriod}, {@code sourceType}, ...) and the original Firehose data generator
 * ({@code date_utc}, {@code particle}, {@code country_code}, {@code entity}, {@code latitude},
 * {@code longitude}). Unknown fields are ignored.
 */
final class ReadingJsonParser {

    // NaN and Infinity become value-out-of-range dead letters with a clear reason, not parse failures.
    // The fast double parser gives the same, correctly rounded doubles as Double.parseDouble, which the
    // benchmark's profile showed trimming and scanning every coordinate and value.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private ReadingJsonParser() {}

    static RawReading parse(byte[] payload) throws InvalidRecordException {
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidRecordException(ErrorType.JSON_PARSE_FAILED, null, "empty payload", "empty payload");
            }
            if (first != JsonToken.START_OBJECT) {
                throw schema(null, "payload is " + describe(first) + ", not a JSON object");
            }
            RawReading raw = new RawReading();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                readField(p, name, raw);
            }
            if (p.nextToken() != null) {
                String trailing = "trailing content after the JSON object";
                throw new InvalidRecordException(ErrorType.JSON_PARSE_FAILED, null, trailing, trailing);
            }
            return raw;
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the text near the error
            throw new InvalidRecordException(ErrorType.JSON_PARSE_FAILED, null,
                    "malformed JSON: " + e.getOriginalMessage() + locationOf(e), "malformed JSON" + locationOf(e));
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorType.JSON_PARSE_FAILED, null, "unreadable JSON: " + e.getMessage(),
                    "unreadable JSON");
        }
    }

    private static void readField(JsonParser p, String name, RawReading raw)
            throws IOException, InvalidRecordException {
        switch (name) {
            case "date":
                readDate(p, raw);
                break;
            case "date_utc":
                raw.utc = text(p, name);
                break;
            case "parameter":
            case "particle":
                raw.parameter = text(p, name);
                break;
            case "value":
                raw.value = number(p, name);
                break;
            case "unit":
                raw.unit = text(p, name);
                break;
            case "location":
                raw.location = text(p, name);
                break;
            case "city":
                raw.city = text(p, name);
                break;
            case "country":
            case "country_code":
                raw.country = text(p, name);
                break;
            case "coordinates":
                readCoordinates(p, raw);
                break;
            case "latitude":
                raw.latitude = number(p, name);
                break;
            case "longitude":
                raw.longitude = number(p, name);
                break;
            case "averagingPeriod":
                readAveragingPeriod(p, raw);
                break;
            case "sourceName":
                raw.sourceName = text(p, name);
                break;
            case "sourceType":
            case "entity":
                raw.sourceType = text(p, name);
                break;
            case "mobile":
                raw.mobile = bool(p, name);
                break;
            case "sensorId":
            case "serialNumber":
                String id = text(p, name);
                if (id != null && !id.isBlank()) {
                    raw.deviceId = id;
                }
                break;
            default:
                // dropped like the Glue job did: date.local, attribution, the generator's junk fields
                p.skipChildren();
        }
    }

    private static void readDate(JsonParser p, RawReading raw) throws IOException, InvalidRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            raw.utc = p.getText();
            return;
        }
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw schema("date", "date is " + describe(t) + ", expected an object with utc and local");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("utc")) {
                raw.utc = text(p, "date.utc");
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readCoordinates(JsonParser p, RawReading raw) throws IOException, InvalidRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw schema("coordinates", "coordinates is " + describe(t) + ", expected an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("latitude")) {
                raw.latitude = number(p, "coordinates.latitude");
            } else if (name.equals("longitude")) {
                raw.longitude = number(p, "coordinates.longitude");
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readAveragingPeriod(JsonParser p, RawReading raw) throws IOException, InvalidRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw schema("averagingPeriod", "averagingPeriod is " + describe(t) + ", expected an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("value")) {
                raw.averagingPeriodValue = number(p, "averagingPeriod.value");
            } else if (name.equals("unit")) {
                raw.averagingPeriodUnit = text(p, "averagingPeriod.unit");
            } else {
                p.skipChildren();
            }
        }
    }

    /** Scalars are taken as text (some feeds send numeric ids); objects and arrays are a schema mismatch. */
    private static String text(JsonParser p, String field) throws IOException, InvalidRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        throw schema(field, field + " is " + describe(t) + ", expected a string");
    }

    /** Numbers, or strings holding a number (common in CSV-born feeds). */
    private static Double number(JsonParser p, String field) throws IOException, InvalidRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            try {
                return Double.valueOf(s);
            } catch (NumberFormatException e) {
                throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, field,
                        field + " '" + abbreviate(s) + "' is not a number", field + " is a string that is not a number");
            }
        }
        throw schema(field, field + " is " + describe(t) + ", expected a number");
    }

    private static Boolean bool(JsonParser p, String field) throws IOException, InvalidRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.valueOf(s);
            }
        }
        throw schema(field, field + " is " + describe(t) + ", expected true or false");
    }

    /** A reason that names a field and a JSON type, never a value. */
    private static InvalidRecordException schema(String field, String reason) {
        return new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, field, reason, reason);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "empty";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    }
}
