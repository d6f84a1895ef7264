package org.aqlake.job.aggregate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repair's rule on Flink's keyed two-input harness, at the end of input as in BATCH mode: a window
 * whose recomputed rows are what its latest revision says gets no row, a changed one gets all its rows
 * again one revision up, and a window without rows gets revision 0.
 */
class RepairWindowsTest {

    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long ARRIVAL_DELAY = Duration.ofMinutes(5).toMillis();
    static final long LATE_ARRIVAL = T0 + Duration.ofDays(3).toMillis();
    static final AggregationRules HOURLY = new AggregationRules(Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1));
    static final RepairRange FIRST_THREE_HOURS =
            RepairRange.of(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 3 * HOUR), HOURLY);
    static final String STATION = "Marylebone Road";
    static final String UG = "\u00B5g/m\u00B3";

    @Test
    void windowsWhoseLatestRowsTheStreamWroteFromTheSameReadingsGetNoRow() throws Exception {
        List<Reading> readings = threeHoursOfReadings();

        assertThat(repair(readings, streamRows(readings))).isEmpty();
    }

    @Test
    void aWindowThatLackedAReadingGetsAllItsRowsAgainOneRevisionUpWithItsLatestArrival() throws Exception {
        List<Reading> readings = threeHoursOfReadings();
        List<Aggregate> written = streamRows(readings);
        readings.add(reading(T0 + HOUR + 50 * MINUTE, "pm25", 90.0, LATE_ARRIVAL));

        List<Aggregate> repaired = repair(readings, written);

        // the second hour changed; the third hour's NowCast reads it, so its AQI changes too
        assertThat(repaired).extracting(a -> a.windowStart).containsOnly(T0 + HOUR, T0 + 2 * HOUR);
        Aggregate pm25 = only(repaired, T0 + HOUR, "pm25");
        assertThat(pm25.count).isEqualTo(3);
        assertThat(pm25.max).isEqualTo(90.0);
        assertThat(pm25.revision).isEqualTo(1);
        assertThat(pm25.arrivalsUntil).isEqualTo(LATE_ARRIVAL);
        Aggregate no2 = only(repaired, T0 + HOUR, "no2");
        assertThat(no2.revision).as("every row of the window, the unchanged one too").isEqualTo(1);
        assertThat(no2.count).isEqualTo(1);
        assertThat(no2.arrivalsUntil).as("its own readings' latest arrival, not the late pm25's")
                .isEqualTo(T0 + HOUR + 30 * MINUTE + ARRIVAL_DELAY);
        assertThat(only(repaired, T0 + 2 * HOUR, "pm25").arrivalsUntil)
                .isEqualTo(T0 + 2 * HOUR + 40 * MINUTE + ARRIVAL_DELAY);
    }

    @Test
    void aWindowTheStreamNeverWroteGetsRevisionZeroAndARepairedLakeGetsNothingMore() throws Exception {
        List<Reading> readings = threeHoursOfReadings();
        List<Aggregate> written = new ArrayList<>(streamRows(readings));
        written.removeIf(a -> a.windowStart == T0);

        List<Aggregate> repaired = repair(readings, written);
        assertThat(repaired).extracting(a -> a.windowStart).contains(T0);
        assertThat(repaired).filteredOn(a -> a.windowStart == T0).extracting(a -> a.revision).containsOnly(0);

        List<Aggregate> lake = new ArrayList<>(written);
        lake.addAll(repaired);
        assertThat(repair(readings, lake)).as("a second repair").isEmpty();
    }

    @Test
    void windowsOutsideTheRangeAreNeverWrittenThoughTheirReadingsFeedTheAqi() throws Exception {
        List<Reading> readings = threeHoursOfReadings();
        readings.add(reading(T0 - 2 * HOUR + 10 * MINUTE, "pm25", 500.0, T0));
        readings.add(reading(T0 + 3 * HOUR + 10 * MINUTE, "pm25", 500.0, T0));

        List<Aggregate> repaired = repair(readings, List.of());

        assertThat(repaired).extracting(a -> a.windowStart).containsOnly(T0, T0 + HOUR, T0 + 2 * HOUR);
        assertThat(only(repaired, T0, "pm25").aqiAveraging).as("NowCast over the hours before").isEqualTo("nowcast");
        assertThat(only(repaired, T0, "pm25").aqiConcentration).isGreaterThan(only(repaired, T0, "pm25").mean);
    }

    @Test
    void theRepairKeysByPlaceAsTheStreamDoesAndWritesWhereTheMissingPlaceWas() throws Exception {
        List<Reading> readings = threeHoursOfReadings();
        for (Reading r : readings) {
            // a mobile station: the last hour in another city; it moves a little with every reading
            r.city = r.eventTime < T0 + 2 * HOUR ? "London" : "Oxford";
            r.country = "GB";
            r.latitude = 51.0 + (r.eventTime - T0) / (double) HOUR;
            r.longitude = -0.5;
        }
        List<Aggregate> written = streamRows(readings);
        assertThat(repair(readings, written)).as("the stream's places and coordinates, recomputed").isEmpty();

        written.removeIf(a -> "Oxford".equals(a.city));
        List<Aggregate> repaired = repair(readings, written);

        assertThat(repaired).extracting(a -> a.city + ":" + a.windowStart + ":" + a.revision)
                .containsOnly("Oxford:" + (T0 + 2 * HOUR) + ":0");
        Aggregate pm25 = only(repaired, T0 + 2 * HOUR, "pm25");
        assertThat(pm25.country).isEqualTo("GB");
        assertThat(pm25.latitude).as("where the hour's latest reading was")
                .isEqualTo(51.0 + (2 * HOUR + 40 * MINUTE) / (double) HOUR);
    }

    @Test
    void rowsWrittenBeforePlacesAreWithdrawnInTheHoursTheRepairWritesByPlaceSoNoReadingCountsTwice()
            throws Exception {
        List<Reading> readings = threeHoursOfReadings();
        // the stream before places keyed them by location: its rows have no city and no country
        List<Aggregate> legacy = streamRows(readings);
        for (Reading r : readings) {
            r.city = "London";
            r.country = "GB";
        }
        // the readings table knows their city; the first hour was already repaired by place
        List<Aggregate> lake = new ArrayList<>(legacy);
        streamRows(readings).stream().filter(a -> a.windowStart == T0).forEach(lake::add);

        List<Aggregate> repaired = repair(readings, lake);
        lake.addAll(repaired);

        for (long hour = T0; hour < T0 + 3 * HOUR; hour += HOUR) {
            long h = hour;
            assertThat(latest(lake).stream().filter(a -> a.windowStart == h).mapToLong(a -> a.count).sum())
                    .as("the hour's readings, each counted once").isEqualTo(3);
            assertThat(latest(lake)).filteredOn(a -> a.windowStart == h && a.count > 0)
                    .extracting(a -> a.city).containsOnly("London");
        }
        assertThat(repaired).filteredOn(a -> a.city == null)
                .as("a withdrawal of every legacy row, one revision up")
                .extracting(a -> a.parameter + ":" + a.count + ":" + a.revision)
                .containsOnly("pm25:0:1", "no2:0:1").hasSize(6);
        assertThat(repair(readings, lake)).as("a second repair").isEmpty();
    }

    @Test
    void rowsWrittenBeforePlacesStayWhenTheReadingsTableLacksTheReadingsTheyCounted() throws Exception {
        // a lake restored from another lake's savepoint: the readings counted before have no file here
        List<Aggregate> legacy = streamRows(threeHoursOfReadings());
        Reading after = reading(T0 + HOUR + 55 * MINUTE, "pm25", 99.0, T0 + 2 * HOUR);
        after.city = "London";
        after.country = "GB";
        List<Aggregate> lake = new ArrayList<>(legacy);
        lake.addAll(streamRows(List.of(after)));

        List<Aggregate> repaired = repair(List.of(after), lake);

        assertThat(repaired).filteredOn(a -> a.city == null).as("no withdrawal").isEmpty();
        lake.addAll(repaired);
        assertThat(latest(lake).stream().filter(a -> a.windowStart == T0 + HOUR).mapToLong(a -> a.count).sum())
                .as("the legacy rows' readings and the place's, none lost").isEqualTo(4);
    }

    @Test
    void anHourWhoseReadingsStillHaveNoCityKeepsItsRowsWrittenBeforePlaces() throws Exception {
        List<Reading> readings = threeHoursOfReadings();
        List<Aggregate> legacy = streamRows(readings);

        assertThat(repair(readings, legacy)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** What the aggregates_latest views keep: the highest revision of each place, parameter, unit and hour. */
    static List<Aggregate> latest(List<Aggregate> rows) {
        java.util.Map<List<Object>, Aggregate> newest = new java.util.HashMap<>();
        for (Aggregate a : rows) {
            newest.merge(java.util.Arrays.asList(a.windowStart, a.location, a.city, a.country, a.parameter, a.unit),
                    a, (x, y) -> y.revision > x.revision ? y : x);
        }
        return new ArrayList<>(newest.values());
    }

    static List<Reading> threeHoursOfReadings() {
        List<Reading> r = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            long hour = T0 + h * HOUR;
            r.add(reading(hour + 10 * MINUTE, "pm25", 10.0 + h, hour + 10 * MINUTE + ARRIVAL_DELAY));
            r.add(reading(hour + 40 * MINUTE, "pm25", 20.0 + h, hour + 40 * MINUTE + ARRIVAL_DELAY));
            r.add(reading(hour + 30 * MINUTE, "no2", 30.0 + h, hour + 30 * MINUTE + ARRIVAL_DELAY));
        }
        return r;
    }

    static Reading reading(long eventTime, String parameter, double value, long arrival) {
        Reading r = new Reading();
        r.eventTime = eventTime;
        r.parameter = parameter;
        r.value = value;
        r.unit = UG;
        r.location = STATION;
        r.arrivalTime = arrival;
        r.shardId = "shardId-0";
        r.sequenceNumber = String.valueOf(eventTime);
        return r;
    }

    /** What the stream's aggregation writes for the readings sent in order. */
    static List<Aggregate> streamRows(List<Reading> readings) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> stream =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AggregateReadings(HOURLY)),
                        new LocationKey(), Types.STRING)) {
            stream.open();
            for (Reading r : readings) {
                stream.processElement(PartialAggregate.of(r), r.eventTime);
            }
            stream.processWatermark(Long.MAX_VALUE);
            return new ArrayList<>(stream.extractOutputValues());
        }
    }

    static List<Aggregate> repair(List<Reading> readings, List<Aggregate> lake) throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, Reading, Aggregate, Aggregate> harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new RepairWindows(HOURLY, FIRST_THREE_HOURS)),
                        RepairWindows.READING_KEY, RepairWindows.ROW_KEY, Types.STRING)) {
            harness.open();
            for (Aggregate a : lake) {
                harness.processElement2(a, a.windowStart);
            }
            for (Reading r : readings) {
                harness.processElement1(r, r.eventTime);
            }
            // the end of a key in BATCH mode: every timer fires
            harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            return new ArrayList<>(harness.extractOutputValues());
        }
    }

    static Aggregate only(List<Aggregate> rows, long windowStart, String parameter) {
        List<Aggregate> found = new ArrayList<>();
        for (Aggregate a : rows) {
            if (a.windowStart == windowStart && a.parameter.equals(parameter)) {
                found.add(a);
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
