package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Ways real feeds go wrong, each applied to an otherwise good reading. Every kind is one the job must
 * turn into a dead letter (its type in brackets), never a failure.
 */
final class BadRecords {

    enum Kind {
        /** A line cut off in transit [json-parse-failed]. */
        TRUNCATED_JSON,
        /** A pollutant nobody knows [schema-mismatch]. */
        UNKNOWN_PARAMETER,
        /** The "no data" sentinel of many loggers [value-out-of-range]. */
        SENTINEL_VALUE,
        /** A reading without its timestamp [schema-mismatch]. */
        MISSING_TIMESTAMP,
        /** Swapped or garbled coordinates [value-out-of-range]. */
        LATITUDE_OUT_OF_RANGE,
        /** A gzip payload whose end is missing [decompression-failed]. */
        CORRUPT_GZIP,
        /** A batch of one sent as an array [schema-mismatch]. */
        NOT_AN_OBJECT
    }

    private BadRecords() {}

    static ProducerRecord spoil(ObjectNode reading, String partitionKey, Random random) {
        Kind[] kinds = Kind.values();
        return spoil(kinds[random.nextInt(kinds.length)], reading, partitionKey);
    }

    static ProducerRecord spoil(Kind kind, ObjectNode reading, String partitionKey) {
        ObjectNode o = reading.deepCopy();
        byte[] data;
        switch (kind) {
            case TRUNCATED_JSON:
                byte[] whole = SyntheticReadings.bytes(o);
                data = Arrays.copyOf(whole, whole.length / 2);
                break;
            case UNKNOWN_PARAMETER:
                data = SyntheticReadings.bytes(o.put("parameter", "pm3"));
                break;
            case SENTINEL_VALUE:
                data = SyntheticReadings.bytes(o.put("value", -999));
                break;
            case MISSING_TIMESTAMP:
                o.remove("date");
                data = SyntheticReadings.bytes(o);
                break;
            case LATITUDE_OUT_OF_RANGE:
                ((ObjectNode) o.get("coordinates")).put("latitude", 123.4);
                data = SyntheticReadings.bytes(o);
                break;
            case CORRUPT_GZIP:
                byte[] gz = gzip(SyntheticReadings.bytes(o));
                data = Arrays.copyOf(gz, gz.length / 2);
                break;
            case NOT_AN_OBJECT:
                data = ("[" + o + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                break;
            default:
                throw new IllegalArgumentException(String.valueOf(kind));
        }
        return new ProducerRecord(partitionKey, data);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
