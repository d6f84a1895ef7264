package org.aqlake.job.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.ErrorType;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records around the committed savepoint of {@code SavepointRestoreIT}: what the job had read when the
 * savepoint was taken, and what the restored job reads. Shared by the generator and the restore, so that
 * the restore's expectations follow from the records that made the state.
 *
 * <p>Before the savepoint: the consent registry (two devices with consent, one without), readings of hour
 * 0 and of hour 1 up to 00:40 at one station, a community reading that passes and one above the watermark
 * (held by the consent gate), and a malformed record. The watermark stops at 01:35, so hour 0 is aggregated
 * and hour 1 is an open window; hour 0's partitions wait for their marker (commit delay one hour).
 * After the restore: more readings of hour 1, now with the station's city and country (a place; the savepoint
 * was taken before places, so the restored window keys the location alone), two exact copies of readings read before the savepoint, a
 * reading of each registered device, and readings of hour 2 that move the watermark past hour 1 and past
 * hour 0's marker time.
 */
public final class SavepointScenario {

    public static final long HOUR = 3_600_000L;
    public static final long MINUTE = 60_000L;
    /** Hour 0: its aggregates are written and its partitions pending at the savepoint. */
    public static final long H0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    public static final long H1 = H0 + HOUR;
    public static final long H2 = H1 + HOUR;
    /** The folders of hours 0 and 1 in both tables. */
    public static final String PARTITION_H0 = "year=2024/month=05/day=01/hour=00";
    public static final String PARTITION_H1 = "year=2024/month=05/day=01/hour=01";
    /** Consent given and recorded a day before the readings. */
    public static final long CONSENT_FROM = H0 - 24 * HOUR;

    public static final String STATION = "Savepoint Station";
    public static final String CLOSING_STATION = "Closing Station";
    /** The station's city and country, sent only after the restore. */
    public static final String CITY = "Savepoint City";
    public static final String COUNTRY = "GB";
    public static final String GRANTED = "sp-granted";
    public static final String HELD = "sp-held";
    public static final String NEVER = "sp-never";
    public static final int STATION_H1_BEFORE = 9;
    public static final int PACE_READINGS = 6;
    public static final int STATION_H1_AFTER = 5;
    public static final int CLOSING_READINGS = 10;
    /** Readings of hour 1 read before the savepoint that are sent again after the restore. */
    public static final int COPIES = 2;

    /** Test lake paths: fixed, not per stream, since the restore reads other streams than the generator. */
    public static final String LAKE_PREFIX = "savepoint-restore";
    public static final String TRANSFORMED_PATH = "s3://" + LakeTestJob.TRANSFORMED_BUCKET + "/" + LAKE_PREFIX;
    public static final String RAW_PATH = "s3://" + LakeTestJob.RAW_BUCKET + "/" + LAKE_PREFIX;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SavepointScenario() {}

    /**
     * The job's configuration in both runs: the consent registry and the aggregates on. The dedup horizon is
     * a century so that a copy sent whenever the test runs is still a duplicate of the first; the commit
     * delay keeps hour 0's partitions pending over the savepoint.
     */
    public static Map<String, String> config(String readingsStream, String consentStream) {
        Map<String, String> c = LakeTestJob.config(readingsStream);
        c.put("lake.transformed-path", TRANSFORMED_PATH);
        c.put("lake.raw-path", RAW_PATH);
        c.put("consent.stream", consentStream);
        c.put("consent.max-wait", "30 min");
        c.put("aggregates.enabled", "true");
        c.put("pipeline.watermark.idleness", "5 s");
        c.put("pipeline.dedup.horizon", "36500 d");
        c.put("lake.partition-commit.delay", "1 h");
        return c;
    }

    public static List<TestRecord> consentRecords() {
        return List.of(consent(GRANTED, CONSENT_FROM), consent(HELD, CONSENT_FROM), consent(NEVER, null));
    }

    public static List<TestRecord> beforeSavepoint() {
        List<TestRecord> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            out.add(exempt("h0-" + i, STATION, H0 + i * 5 * MINUTE, 10 + i));
        }
        out.addAll(stationHourOneBefore());
        for (int i = 0; i < PACE_READINGS; i++) {
            out.add(exempt("pace-" + i, STATION, H1 + 40 * MINUTE, 40));
        }
        out.add(community("granted-before", GRANTED, H1 + 10 * MINUTE));
        out.add(heldReading());
        out.add(new TestRecord("malformed", utf8("{\"parameter\":\"pm25\",\"val"), ErrorType.JSON_PARSE_FAILED, 0));
        return out;
    }

    public static List<TestRecord> stationHourOneBefore() {
        List<TestRecord> out = new ArrayList<>();
        for (int i = 0; i < STATION_H1_BEFORE; i++) {
            out.add(exempt("h1-before-" + i, STATION, H1 + i * 5 * MINUTE, 30 + i));
        }
        return out;
    }

    /** Above the watermark at the savepoint: the consent gate holds it. */
    public static TestRecord heldReading() {
        return community("held", HELD, H1 + 38 * MINUTE);
    }

    public static List<TestRecord> afterRestore() {
        List<TestRecord> out = new ArrayList<>(stationHourOneBefore().subList(3, 3 + COPIES));
        for (int i = 0; i < STATION_H1_AFTER; i++) {
            out.add(exemptInCity("h1-after-" + i, H1 + (41 + 2 * i) * MINUTE, 100 + i));
        }
        out.add(community("granted-after", GRANTED, H1 + 45 * MINUTE));
        out.add(community("never-after", NEVER, H1 + 50 * MINUTE));
        for (int i = 0; i < CLOSING_READINGS; i++) {
            out.add(exempt("closing-" + i, CLOSING_STATION, H2 + 20 * MINUTE, 5));
        }
        return out;
    }

    /** The rows the restored job must write, as {@link #rowKey}: each once. */
    public static List<String> rowsAfterRestore() {
        List<String> rows = new ArrayList<>();
        for (TestRecord r : afterRestore().subList(COPIES, afterRestore().size())) {
            if (!r.id.equals("never-after")) {
                rows.add(r.id.startsWith("granted") ? GRANTED + "@" + r.eventTime : r.id + "@" + r.eventTime);
            }
        }
        rows.add(HELD + "@" + heldReading().eventTime);
        return rows;
    }

    /** A readings row's identity: its device and event time (an exempt reading's device id is its record id). */
    public static String rowKey(Map<String, Object> row) {
        return row.get("device_id") + "@" + row.get("event_time");
    }

    public static String garden(String device) {
        return "Garden of " + device;
    }

    static TestRecord exempt(String id, String location, long t, double value) {
        Map<String, Object> o = reading(t, location, value, "government");
        o.put("sensorId", id);
        return new TestRecord(id, bytes(o), null, t);
    }

    static TestRecord exemptInCity(String id, long t, double value) {
        Map<String, Object> o = reading(t, STATION, value, "government");
        o.put("city", CITY);
        o.put("country", COUNTRY);
        o.put("sensorId", id);
        return new TestRecord(id, bytes(o), null, t);
    }

    static TestRecord community(String id, String device, long t) {
        Map<String, Object> o = reading(t, garden(device), 7.5, "community");
        o.put("serialNumber", device);
        return TestRecord.needingConsent(id, bytes(o), t);
    }

    static Map<String, Object> reading(long t, String location, double value, String sourceType) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("date", Map.of("utc", Instant.ofEpochMilli(t).toString()));
        o.put("parameter", "pm25");
        o.put("value", value);
        o.put("unit", "µg/m³");
        o.put("location", location);
        o.put("sourceType", sourceType);
        return o;
    }

    static TestRecord consent(String serial, Long from) {
        return new TestRecord(serial, utf8(TestConsent.stediLine(serial, from, CONSENT_FROM)), null, CONSENT_FROM);
    }

    static byte[] bytes(Map<String, Object> o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return TestReadings.utf8(s);
    }
}
