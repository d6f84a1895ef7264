package org.aqlake.job.aggregate;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.aqlake.job.model.GroupAccumulator;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PreAggregateReadingsTest {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final AggregationRules HOURLY = new AggregationRules(Duration.ofHours(1), Duration.ZERO, Duration.ofHours(6));
    static final String STATION = "Marylebone Road";
    static final String UG = "\u00B5g/m\u00B3";
    static final int SMALL_BUFFER = 2;
    static final long SEED = 20241121L;

    PreAggregateReadings operator;
    OneInputStreamOperatorTestHarness<Reading, PartialAggregate> harness;

    @BeforeEach
    void open() throws Exception {
        open(PreAggregateReadings.MAX_PARTIALS);
    }

    void open(int maxPartials) throws Exception {
        operator = new PreAggregateReadings(HOURLY, maxPartials);
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static Reading reading(String location, String parameter, double value, String unit, long eventTime) {
        Reading r = new Reading();
        r.location = location;
        r.parameter = parameter;
        r.value = value;
        r.unit = unit;
        r.eventTime = eventTime;
        return r;
    }

    void send(Reading r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.eventTime));
    }

    List<PartialAggregate> partials() {
        List<PartialAggregate> out = new ArrayList<>(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    static String describe(PartialAggregate p) {
        GroupAccumulator g = p.group;
        return p.location + "/" + g.parameter + "/" + g.unit + "@" + (g.firstTime - T0) / MINUTE + ".."
                + (g.lastTime - T0) / MINUTE + " n=" + g.count + " sum=" + g.sum + " min=" + g.min + " max=" + g.max;
    }

    @Test
    void readingsOfOneLocationWindowParameterAndUnitLeaveAsOnePartialBeforeTheNextWatermark() throws Exception {
        send(reading(STATION, "pm25", 10.0, UG, T0 + 30 * MINUTE));
        send(reading(STATION, "pm25", 30.0, UG, T0 + 10 * MINUTE));
        send(reading(STATION, "pm25", 20.0, UG, T0 + 50 * MINUTE));
        send(reading(STATION, "no2", 40.0, "ppb", T0 + 20 * MINUTE));
        send(reading(STATION, "pm25", 5.0, UG, T0 + HOUR + MINUTE));
        send(reading("Anand Vihar", "pm25", 80.0, UG, T0 + 20 * MINUTE));
        assertThat(harness.getOutput()).as("nothing before the watermark").isEmpty();

        harness.processWatermark(new Watermark(T0));

        assertThat(partials()).extracting(PreAggregateReadingsTest::describe).containsExactly(
                STATION + "/pm25/" + UG + "@10..50 n=3 sum=60.0 min=10.0 max=30.0",
                STATION + "/no2/ppb@20..20 n=1 sum=40.0 min=40.0 max=40.0",
                STATION + "/pm25/" + UG + "@61..61 n=1 sum=5.0 min=5.0 max=5.0",
                "Anand Vihar/pm25/" + UG + "@20..20 n=1 sum=80.0 min=80.0 max=80.0");
        assertThat(operator.buffered()).isZero();
    }

    @Test
    void thePartialsGoOutAheadOfTheWatermarkThatFollowsTheirReadings() throws Exception {
        send(reading(STATION, "pm25", 10.0, UG, T0 + 30 * MINUTE));
        harness.processWatermark(new Watermark(T0 + HOUR));

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(out.get(1)).isEqualTo(new Watermark(T0 + HOUR));
    }

    @Test
    void thePartialsGoOutAheadOfTheInputsIdleStatusSoNoWatermarkOfTheOtherInputsOvertakesThem() throws Exception {
        send(reading(STATION, "pm25", 10.0, UG, T0 + 30 * MINUTE));
        send(reading(STATION, "pm25", 20.0, UG, T0 + 40 * MINUTE));

        harness.processWatermarkStatus(WatermarkStatus.IDLE);

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(((PartialAggregate) ((StreamRecord<?>) out.get(0)).getValue()).group.count).isEqualTo(2L);
        assertThat(out.get(1)).isEqualTo(WatermarkStatus.IDLE);
        assertThat(operator.buffered()).isZero();
    }

    @Test
    void theBufferIsEmptiedBeforeEveryCheckpointBarrierSoTheOperatorHasNoState() throws Exception {
        send(reading(STATION, "pm25", 10.0, UG, T0 + 30 * MINUTE));
        send(reading(STATION, "pm25", 20.0, UG, T0 + 40 * MINUTE));

        harness.prepareSnapshotPreBarrier(1L);

        assertThat(partials()).extracting(p -> p.group.count).containsExactly(2L);
        assertThat(operator.buffered()).isZero();
    }

    @Test
    void whatIsLeftAtTheEndOfInputIsSent() throws Exception {
        send(reading(STATION, "pm25", 10.0, UG, T0 + 30 * MINUTE));

        operator.finish();

        assertThat(partials()).extracting(p -> p.group.count).containsExactly(1L);
    }

    @Test
    void aFullBufferIsSentWithoutWaitingForTheWatermark() throws Exception {
        close();
        open(SMALL_BUFFER);

        send(reading(STATION, "pm25", 10.0, UG, T0 + 10 * MINUTE));
        send(reading(STATION, "pm25", 11.0, UG, T0 + 11 * MINUTE));
        assertThat(partials()).as("one partial buffered").isEmpty();
        send(reading(STATION, "no2", 12.0, "ppb", T0 + 12 * MINUTE));

        assertThat(partials()).extracting(p -> p.group.parameter + ":" + p.group.count)
                .containsExactly("pm25:2", "no2:1");
        assertThat(operator.buffered()).isZero();
    }

    @Test
    void readingsWithoutALocationArePartialsOfTheirOwn() throws Exception {
        send(reading(null, "pm25", 10.0, UG, T0 + 10 * MINUTE));
        send(reading(null, "pm25", 20.0, UG, T0 + 20 * MINUTE));
        send(reading(STATION, "pm25", 30.0, UG, T0 + 30 * MINUTE));
        harness.processWatermark(new Watermark(T0));

        assertThat(partials()).extracting(p -> p.location + ":" + p.group.count)
                .containsExactly("null:2", STATION + ":1");
    }

    @Test
    void readingsOfOneLocationNameFromTwoCitiesArePartialsOfTwoPlacesWithTheirLatestCoordinates() throws Exception {
        send(placed("Delhi", T0 + 10 * MINUTE, 28.61));
        send(placed("Agra", T0 + 20 * MINUTE, 27.17));
        send(placed("Delhi", T0 + 30 * MINUTE, 28.62));
        send(placed("Delhi", T0 + 20 * MINUTE, 28.60));
        harness.processWatermark(new Watermark(T0));

        assertThat(partials()).extracting(p -> p.location + ":" + p.city + ":" + p.group.count + ":" + p.latitude
                + ":" + p.locatedAt).containsExactly(STATION + ":Delhi:3:28.62:" + (T0 + 30 * MINUTE),
                STATION + ":Agra:1:27.17:" + (T0 + 20 * MINUTE));
    }

    Reading placed(String city, long eventTime, double latitude) {
        Reading r = reading(STATION, "pm25", 10.0, UG, eventTime);
        r.city = city;
        r.country = "IN";
        r.latitude = latitude;
        r.longitude = 77.0;
        return r;
    }

    @Test
    void thePartialsSumUpToTheirReadingsWhereverTheWatermarksAndCheckpointsFall() throws Exception {
        close();
        open(SMALL_BUFFER * 3);
        Random random = new Random(SEED);
        String[] locations = {STATION, "Anand Vihar", null};
        String[] parameters = {"pm25", "pm10", "no2"};
        Map<String, double[]> expected = new HashMap<>();
        Map<String, double[]> actual = new HashMap<>();
        long watermark = T0;
        for (int i = 0; i < 5_000; i++) {
            Reading r = reading(locations[random.nextInt(locations.length)],
                    parameters[random.nextInt(parameters.length)], random.nextInt(1000) / 10.0,
                    random.nextBoolean() ? UG : "ppb", T0 + random.nextInt(6 * 60) * MINUTE);
            send(r);
            fold(expected, key(r.location, r.parameter, r.unit, HOURLY.windowStart(r.eventTime)), 1, r.value);
            int signal = random.nextInt(100);
            if (signal == 0) {
                harness.processWatermark(new Watermark(watermark += MINUTE));
            } else if (signal == 1) {
                harness.prepareSnapshotPreBarrier(i);
            }
        }
        operator.finish();

        for (PartialAggregate p : partials()) {
            GroupAccumulator g = p.group;
            assertThat(HOURLY.windowStart(g.firstTime)).as("one window: %s", describe(p))
                    .isEqualTo(HOURLY.windowStart(g.lastTime));
            fold(actual, key(p.location, g.parameter, g.unit, HOURLY.windowStart(g.firstTime)), g.count, g.sum);
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, e) -> {
            assertThat(actual.get(k)[0]).as("count of %s", k).isEqualTo(e[0]);
            assertThat(actual.get(k)[1]).as("sum of %s", k).isCloseTo(e[1], within(1e-6));
        });
    }

    static String key(String location, String parameter, String unit, long windowStart) {
        return location + "|" + parameter + "|" + unit + "|" + windowStart;
    }

    static void fold(Map<String, double[]> sums, String key, long count, double sum) {
        double[] s = sums.computeIfAbsent(key, k -> new double[2]);
        s[0] += count;
        s[1] += sum;
    }
}
