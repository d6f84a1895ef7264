package org.aqlake.job.consent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.decode.Payloads;
import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.ErrorType;

import java.io.IOException;

/**
 * Reads one STEDI customer record (JSON, optionally gzip) into a {@link ConsentRecord}; a record that
 * cannot be read is redacted by {@link ConsentRedaction} before it goes to the dead letters.
 *
 * <p>Only {@code serialNumber}, {@code shareWithResearchAsOfDate} and {@code lastUpdateDate} are read;
 * every other field (name, email, phone, birthday, ...) is skipped unread. Reasons never quote a value
 * from the payload, and Jackson's own messages are not passed on, because they can echo the text near
 * the error, which may be personal.
 */
public final class ConsentRecordParser {

    public static final String SERIAL_NUMBER = "serialNumber";
    public static final String RESEARCH_FROM = "shareWithResearchAsOfDate";
    public static final String LAST_UPDATE = "lastUpdateDate";

    /** 9999-12-31T23:59:59.999Z: dates beyond it are typos (or seconds mistaken for milliseconds, times 1000). */
    static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;
    /** Device ids are short; a huge key would only bloat state. */
    static final int MAX_SERIAL_LENGTH = 256;

    private static final JsonFactory JSON = new JsonFactory();

    private ConsentRecordParser() {}

    /** @throws InvalidRecordException of type {@link ErrorType#CONSENT_SCHEMA_MISMATCH}, with a value-free reason */
    public static ConsentRecord parse(byte[] payload) throws InvalidRecordException {
        byte[] json = inflate(payload);
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw invalid(null, first == null ? "empty record" : "record is not a JSON object");
            }
            String serial = null;
            Long researchFrom = null;
            Long lastUpdate = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case SERIAL_NUMBER:
                        serial = serial(p, value);
                        break;
                    case RESEARCH_FROM:
                        // STEDI leaves the key out when there is no consent; an explicit null means the same
                        researchFrom = value == JsonToken.VALUE_NULL ? null : epochMillis(p, value, name);
                        break;
                    case LAST_UPDATE:
                        lastUpdate = epochMillis(p, value, name);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw invalid(null, "trailing content after the JSON object");
            }
            if (serial == null) {
                throw invalid(SERIAL_NUMBER, SERIAL_NUMBER + " is missing");
            }
            if (lastUpdate == null) {
                throw invalid(LAST_UPDATE, LAST_UPDATE + " is missing");
            }
            return new ConsentRecord(serial, researchFrom, lastUpdate);
        } catch (JsonProcessingException e) {
            throw invalid(null, "malformed JSON" + at(e.getLocation()));
        } catch (IOException e) {
            throw invalid(null, "unreadable JSON");
        }
    }

    private static byte[] inflate(byte[] payload) throws InvalidRecordException {
        try {
            return Payloads.inflateIfGzip(payload);
        } catch (InvalidRecordException e) {
            throw invalid(null, e.reason());
        }
    }

    private static String serial(JsonParser p, JsonToken value) throws IOException, InvalidRecordException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw invalid(SERIAL_NUMBER, SERIAL_NUMBER + " is " + describe(value) + ", not a string");
        }
        String s = p.getText();
        if (s.isBlank()) {
            throw invalid(SERIAL_NUMBER, SERIAL_NUMBER + " is blank");
        }
        if (s.length() > MAX_SERIAL_LENGTH) {
            throw invalid(SERIAL_NUMBER, SERIAL_NUMBER + " is longer than " + MAX_SERIAL_LENGTH + " characters");
        }
        return s;
    }

    private static long epochMillis(JsonParser p, JsonToken value, String name)
            throws IOException, InvalidRecordException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            throw invalid(name, name + " is " + describe(value) + ", not an integer of epoch milliseconds");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw invalid(name, name + " is out of range");
        }
        long v = p.getLongValue();
        if (v < 0 || v > MAX_EPOCH_MILLIS) {
            throw invalid(name, name + " is out of range (not between 0 and " + MAX_EPOCH_MILLIS + ")");
        }
        return v;
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_FLOAT:
                return "a decimal number";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return t.name();
        }
    }

    private static String at(JsonLocation where) {
        return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    private static InvalidRecordException invalid(String field, String reason) {
        return new InvalidRecordException(ErrorType.CONSENT_SCHEMA_MISMATCH, field, reason);
    }
}
