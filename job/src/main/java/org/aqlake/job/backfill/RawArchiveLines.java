package org.aqlake.job.backfill;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A line of the lake's raw archive ({@code RawArchiveWriter}): the original payload, its partition key and its
 * arrival time, as the stream delivered them.
 */
final class RawArchiveLines {

    private static final JsonFactory JSON = new JsonFactory();

    /** What an archive line holds. */
    static final class Archived {
        byte[] payload;
        String partitionKey;
        long arrivalTime;
    }

    /** Why a line is no archive line; quotes nothing from it. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message);
        }
    }

    private RawArchiveLines() {}

    static boolean looksLikeArchive(byte[] line) {
        try {
            read(line);
            return true;
        } catch (BadLine notArchive) {
            return false;
        }
    }

    static Archived read(byte[] line) throws BadLine {
        Archived a = new Archived();
        String payload = null;
        String encoding = null;
        String arrival = null;
        boolean hasPayload = false;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine("raw archive line is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                String text = t == JsonToken.VALUE_STRING ? p.getText() : null;
                switch (name) {
                    case "payload":
                        hasPayload = true;
                        payload = text;
                        break;
                    case "payload_encoding":
                        encoding = text;
                        break;
                    case "partition_key":
                        a.partitionKey = text;
                        break;
                    case "arrival_time":
                        arrival = text;
                        break;
                    default:
                        p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new BadLine("raw archive line is not JSON: " + e.getClass().getSimpleName());
        }
        if (!hasPayload || payload == null || arrival == null) {
            throw new BadLine("raw archive line without payload or arrival_time");
        }
        try {
            a.arrivalTime = Instant.parse(arrival).toEpochMilli();
            if ("base64".equals(encoding)) {
                a.payload = Base64.getDecoder().decode(payload);
            } else if ("utf-8".equals(encoding)) {
                a.payload = payload.getBytes(StandardCharsets.UTF_8);
            } else {
                throw new BadLine("raw archive line with payload_encoding other than utf-8 or base64");
            }
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new BadLine("raw archive line with an unreadable arrival_time or base64 payload");
        }
        return a;
    }
}
