package org.aqlake.job.support;

import org.aqlake.job.model.ErrorType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic payloads for pipeline tests: OpenAQ realtime and Firehose-generator layouts, gzip,
 * and every kind of bad input, each labelled with what it must become. A valid reading carries its id
 * as {@code sensorId} (or {@code serialNumber}), so its row can be found by {@code device_id}. The
 * OpenAQ-layout readings are {@code government} (exempt from consent); the generator-layout ones are
 * community sensors, which need their owner's consent.
 */
public final class TestReadings {

    public static final long BASE_TIME = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    /** Readings spread over six hours, so they land in several partitions. */
    public static final long SPREAD_MILLIS = 6 * 3_600_000L;

    private static final String[][] STATIONS = {
        {"Beijing", "CN", "Tsinghua University", "40.01", "116.333"},
        {"Delhi", "IN", "Anand Vihar", "28.6469", "77.3164"},
        {"London", "GB", "Marylebone Road", "51.5225", "-0.1546"},
        {"Sydney", "AU", "Rozelle", "-33.8659", "151.1625"},
    };

    private TestReadings() {}

    /** A mix of valid and invalid records; about 28% are invalid, spread over the four dead-letter types. */
    public static List<TestRecord> mixed(String idPrefix, int count) {
        List<TestRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(mixedRecord(idPrefix + i, i));
        }
        return out;
    }

    /** Only valid readings, in the OpenAQ realtime layout. */
    public static List<TestRecord> valid(String idPrefix, int count) {
        List<TestRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = idPrefix + i;
            long t = eventTime(i);
            out.add(new TestRecord(id, utf8(openAq(id, i, t, "pm25", 12.5 + i % 100, "µg/m³")), null, t));
        }
        return out;
    }

    public static long eventTime(int i) {
        return BASE_TIME + (i * 37_013L) % SPREAD_MILLIS;
    }

    private static TestRecord mixedRecord(String id, int i) {
        long t = eventTime(i);
        switch (i % 25) {
            case 0:
                return bad(id, utf8("{\"date\":{\"utc\":\"2024-05-01T00:00:00Z\"},\"parameter\":\"pm25\",\"val"),
                        ErrorType.JSON_PARSE_FAILED);
            case 1:
                return bad(id, utf8(openAq(id, i, t, "pm3", 10, "µg/m³")), ErrorType.SCHEMA_MISMATCH);
            case 2:
                return bad(id, utf8(openAq(id, i, t, "pm10", -999, "µg/m³")), ErrorType.VALUE_OUT_OF_RANGE);
            case 3:
                return bad(id, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5}, ErrorType.DECOMPRESSION_FAILED);
            case 4:
                return bad(id, utf8("{\"parameter\":\"o3\",\"value\":0.03,\"unit\":\"ppm\",\"location\":\"x\"}"),
                        ErrorType.SCHEMA_MISMATCH);
            case 5:
                String station = "\"latitude\":" + STATIONS[i % STATIONS.length][3] + ",";
                return bad(id, utf8(openAq(id, i, t, "no2", 20, "ppb").replace(station, "\"latitude\":123.4,")),
                        ErrorType.VALUE_OUT_OF_RANGE);
            case 6:
                return bad(id, invalidUtf8(), ErrorType.JSON_PARSE_FAILED);
            case 7:
                // the generator's records are community sensors ("entity") with a serialNumber
                return TestRecord.needingConsent(id, utf8(generator(id, i, t)), t);
            case 8:
                return new TestRecord(id, gzip(utf8(openAq(id, i, t, "so2", 3.5, "ppb"))), null, t);
            case 9:
                return new TestRecord(id, utf8(openAq(id, i, t, "pm25", -2.5, "µg/m³")), null, t);
            default:
                String[] params = {"pm25", "pm10", "o3", "no2", "co", "bc"};
                String[] units = {"µg/m³", "µg/m³", "ppm", "ppm", "ppm", "µg/m³"};
                int p = i % params.length;
                double v = units[p].equals("ppm") ? (i % 90) / 1000.0 : (i % 400) / 4.0;
                return new TestRecord(id, utf8(openAq(id, i, t, params[p], v, units[p])), null, t);
        }
    }

    private static TestRecord bad(String id, byte[] payload, ErrorType type) {
        return new TestRecord(id, payload, type, 0);
    }

    /** OpenAQ realtime layout, as in shared/data/openaq. */
    public static String openAq(String id, int i, long t, String parameter, double value, String unit) {
        String[] s = STATIONS[i % STATIONS.length];
        String utc = Instant.ofEpochMilli(t).toString();
        return String.format(Locale.ROOT,
                "{\"date\":{\"utc\":\"%s\",\"local\":\"%s\"},\"parameter\":\"%s\",\"location\":\"%s\","
                        + "\"value\":%s,\"unit\":\"%s\",\"city\":\"%s\","
                        + "\"attribution\":[{\"name\":\"Test Network\",\"url\":\"http://example.org/\"}],"
                        + "\"averagingPeriod\":{\"value\":1,\"unit\":\"hours\"},"
                        + "\"coordinates\":{\"latitude\":%s,\"longitude\":%s},\"country\":\"%s\","
                        + "\"sourceName\":\"test\",\"sourceType\":\"government\",\"mobile\":false,\"sensorId\":\"%s\"}",
                utc, utc.replace("Z", "+00:00"), parameter, s[2], value, unit, s[0], s[3], s[4], s[1], id);
    }

    /** The field names of the original Kinesis Data Firehose data generator, junk fields included. */
    public static String generator(String id, int i, long t) {
        String[] s = STATIONS[i % STATIONS.length];
        String utc = Instant.ofEpochMilli(t).toString();
        return String.format(Locale.ROOT,
                "{\"location\":\"%s\",\"value\":%s,\"unit\":\"ppm\",\"particle\":\"co\",\"country_code\":\"%s\","
                        + "\"date_utc\":\"%s\",\"date_local\":\"%s\",\"entity\":\"community\","
                        + "\"latitude\":%s,\"longitude\":%s,\"entity_name1\":\"junk\",\"entity_name2\":\"junk\","
                        + "\"some_boolean\":true,\"interval\":5,\"time_unit\":\"minutes\",\"serialNumber\":\"%s\"}",
                s[2], (i % 50) / 100.0, s[1], utc, utc, s[3], s[4], id);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object whose string holds a byte sequence that is not UTF-8. */
    public static byte[] invalidUtf8() {
        byte[] head = utf8("{\"location\":\"");
        byte[] tail = utf8("\"}");
        byte[] out = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = (byte) 0xC3;
        out[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, out, head.length + 2, tail.length);
        return out;
    }
}
