package org.aqlake.job.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.SyntheticAirQuality.Sample;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The input of the small lake the SQL tests query: the synthetic readings of {@link SyntheticAirQuality}
 * (eight reference stations in four cities, every AQI pollutant, 30 hours, the first hours of half the
 * stations sent last so that they correct aggregates already written), the invalid records of {@link
 * TestReadings#mixed} (every dead-letter type) arriving over two UTC days, and community sensors' readings,
 * which the consent gate denies (the test configures no consent registry).
 */
public final class SqlTestLake {

    /** The city of each of {@link SyntheticAirQuality#LOCATIONS}, in the same order. */
    public static final String[] CITIES = {
        "Beijing", "Delhi", "London", "Sydney", "Delhi", "Beijing", "London", "Sydney",
    };
    public static final String STREAM = "aq-readings";
    /** Invalid records among the first {@code MIXED} of {@link TestReadings#mixed}. */
    static final int MIXED = 250;
    /** Dead letters arrive every 30 minutes from the lake's first hour on: over two UTC days. */
    static final long DEAD_LETTER_SPACING = 30 * 60_000L;
    /** Readings of community sensors, one every 45 minutes: denied without a consent registry. */
    static final int COMMUNITY = 40;
    static final long COMMUNITY_SPACING = 45 * 60_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The records in the order they are sent, and how many come before the held-back ones. */
    public static final class Input {
        public final List<KinesisRecord> records;
        public final int inOrder;
        /** Records that become rows. */
        public final int readings;
        public final int deadLetters;
        /** Valid readings the consent gate denies: in the raw archive only. */
        public final int consentDenied;

        Input(List<KinesisRecord> records, int inOrder, int readings, int deadLetters, int consentDenied) {
            this.records = records;
            this.inOrder = inOrder;
            this.readings = readings;
            this.deadLetters = deadLetters;
            this.consentDenied = consentDenied;
        }
    }

    private SqlTestLake() {}

    public static Input input() {
        List<Sample> samples = SyntheticAirQuality.samples();
        List<KinesisRecord> inOrder = new ArrayList<>();
        List<KinesisRecord> heldBack = new ArrayList<>();
        long heldBackBefore = SyntheticAirQuality.BASE_TIME + SyntheticAirQuality.HELD_BACK_HOURS * SyntheticAirQuality.HOUR;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean late = s.eventTime < heldBackBefore
                    && Arrays.asList(SyntheticAirQuality.LOCATIONS).indexOf(s.location) % 2 == 1;
            (late ? heldBack : inOrder).add(reading(s, "government", i));
        }
        // the dead letters are interleaved with the in-order readings, so that they are written all along
        List<TestRecord> mixed = TestReadings.mixed("bad-", MIXED);
        int deadLetters = 0;
        for (TestRecord r : mixed) {
            if (!r.valid()) {
                long arrival = SyntheticAirQuality.BASE_TIME + deadLetters * DEAD_LETTER_SPACING;
                KinesisRecord record = new KinesisRecord(r.payload, STREAM, "shardId-00000000000" + deadLetters % 4,
                        "bad-" + deadLetters, r.partitionKey, arrival);
                inOrder.add(Math.min(inOrder.size(), deadLetters * 97), record);
                deadLetters++;
            }
        }
        for (int k = 0; k < COMMUNITY; k++) {
            Sample s = samples.get(k * 7);
            Sample community = new Sample("community-" + k, s.location, s.parameter, s.unit, s.value,
                    SyntheticAirQuality.BASE_TIME + k * COMMUNITY_SPACING);
            inOrder.add(Math.min(inOrder.size(), k * 251 + 13), reading(community, "community", samples.size() + k));
        }
        List<KinesisRecord> all = new ArrayList<>(inOrder);
        all.addAll(heldBack);
        return new Input(all, inOrder.size(), samples.size(), deadLetters, COMMUNITY);
    }

    public static String city(String location) {
        return CITIES[Arrays.asList(SyntheticAirQuality.LOCATIONS).indexOf(location)];
    }

    /**
     * OpenAQ realtime JSON with the station's city, arrived a minute after it was measured. A government
     * station passes the consent gate without consent; a community sensor needs its owner's.
     */
    static KinesisRecord reading(Sample s, String sourceType, int sequence) {
        ObjectNode json = JSON.createObjectNode();
        json.putObject("date").put("utc", Instant.ofEpochMilli(s.eventTime).toString());
        json.put("parameter", s.parameter);
        json.put("location", s.location);
        json.put("value", s.value);
        json.put("unit", s.unit);
        json.put("city", city(s.location));
        json.put("country", "XX");
        json.put("sourceName", "synthetic");
        json.put("sourceType", sourceType);
        json.put("sensorId", s.id);
        try {
            byte[] payload = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
            return new KinesisRecord(payload, STREAM, "shardId-00000000000" + sequence % 4, String.valueOf(sequence),
                    s.location, s.eventTime + 60_000L);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
