package org.aqlake.job.aggregate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.PartialAggregate;
import org.aqlake.job.model.Reading;
import org.aqlake.job.support.HarnessMetrics;
import org.aqlake.udfs.aqi.HourlyAqi;
import org.aqlake.udfs.aqi.SubIndex;
import org.aqlake.udfs.units.Pollutant;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The aggregation operator on Flink's keyed test harness: when windows are written, how late
 * readings become revisions, what is too late, and that state and timers go back to zero.
 */
class AggregateReadingsTest {

    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final Duration ONE_HOUR = Duration.ofHours(1);
    static final Duration NO_LATENESS = Duration.ZERO;
    static final Duration LATENESS = Duration.ofMinutes(10);
    static final Duration RETENTION = Duration.ofHours(6);
    static final AggregationRules HOURLY = new AggregationRules(ONE_HOUR, NO_LATENESS, RETENTION);
    static final String STATION = "Marylebone Road";
    static final String MOBILE = "Mobile unit 7";
    static final double DELHI_LATITUDE = 28.6139;
    static final double DELHI_LONGITUDE = 77.2090;
    static final double AGRA_LATITUDE = 27.1767;
    static final double AGRA_LONGITUDE = 78.0081;
    static final String UG = "\u00B5g/m\u00B3";
    static final int MAX_PARALLELISM = 128;

    HarnessMetrics metrics;
    KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> harness;
    int sequence;

    @BeforeEach
    void openTheOperator() throws Exception {
        harness = open(HOURLY, null);
    }

    @AfterEach
    void closeTheOperator() throws Exception {
        harness.close();
    }

    KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> open(AggregationRules rules,
            OperatorSubtaskState restoreFrom) throws Exception {
        metrics = new HarnessMetrics();
        return open(rules, restoreFrom, metrics.environment());
    }

    KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> open(AggregationRules rules,
            OperatorSubtaskState restoreFrom, int parallelism, int subtaskIndex) throws Exception {
        metrics = new HarnessMetrics();
        return open(rules, restoreFrom, metrics.environment(MAX_PARALLELISM, parallelism, subtaskIndex));
    }

    KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> open(AggregationRules rules,
            OperatorSubtaskState restoreFrom, MockEnvironment environment) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, PartialAggregate, Aggregate> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AggregateReadings(rules)), new LocationKey(), Types.STRING,
                environment);
        h.setStateBackend(stateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /** The heap backend here; {@link AggregateReadingsOnRocksDbTest} runs every test on RocksDB too. */
    StateBackend stateBackend() {
        return new HashMapStateBackend();
    }

    /** Keyed state entries left: the harness counts them on the heap backend. */
    long keyedStateEntries() {
        return harness.numKeyedStateEntries();
    }

    Reading reading(String location, String parameter, double value, String unit, long eventTime) {
        Reading r = new Reading();
        r.location = location;
        r.parameter = parameter;
        r.value = value;
        r.unit = unit;
        r.eventTime = eventTime;
        r.arrivalTime = eventTime;
        r.shardId = "shardId-000000000000";
        r.sequenceNumber = String.valueOf(++sequence);
        return r;
    }

    /** One reading, as {@link PreAggregateReadings} sends a reading alone in its window, parameter and unit. */
    void send(Reading r) throws Exception {
        harness.processElement(PartialAggregate.of(r), r.eventTime);
    }

    void pm25(long eventTime, double value) throws Exception {
        send(reading(STATION, "pm25", value, UG, eventTime));
    }

    /** The rows written since the last call, oldest window first. */
    List<Aggregate> written() {
        List<Aggregate> rows = new ArrayList<>(harness.extractOutputValues());
        harness.getOutput().clear();
        rows.sort(Comparator.comparingLong((Aggregate a) -> a.windowStart).thenComparing(a -> a.parameter));
        return rows;
    }

    static long endOf(long windowStart) {
        return windowStart + HOUR - 1;
    }

    // ---------------------------------------------------------------- first rows

    @Test
    void nothingIsWrittenBeforeTheWatermarkPassesTheWindowEnd() throws Exception {
        pm25(T0 + 10 * MINUTE, 12.0);
        harness.processWatermark(endOf(T0) - 1);

        assertThat(written()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void revisionZeroHoldsTheWindowsStatisticsOnceTheWatermarkReachesItsEnd() throws Exception {
        pm25(T0 + 40 * MINUTE, 30.0);
        pm25(T0 + 10 * MINUTE, 10.0);
        pm25(T0 + 25 * MINUTE, 20.0);
        harness.processWatermark(endOf(T0));

        List<Aggregate> rows = written();
        assertThat(rows).hasSize(1);
        Aggregate a = rows.get(0);
        assertThat(a.windowStart).isEqualTo(T0);
        assertThat(a.windowEnd).isEqualTo(T0 + HOUR);
        assertThat(a.location).isEqualTo(STATION);
        assertThat(a.parameter).isEqualTo("pm25");
        assertThat(a.unit).isEqualTo(UG);
        assertThat(a.count).isEqualTo(3);
        assertThat(a.min).isEqualTo(10.0);
        assertThat(a.max).isEqualTo(30.0);
        assertThat(a.mean).isCloseTo(20.0, within(1e-12));
        assertThat(a.firstTime).isEqualTo(T0 + 10 * MINUTE);
        assertThat(a.lastTime).isEqualTo(T0 + 40 * MINUTE);
        assertThat(a.referenceUnit).isEqualTo(UG);
        assertThat(a.meanReference).isCloseTo(20.0, within(1e-12));
        assertThat(a.revision).isZero();
    }

    @Test
    void eachParameterAndUnitOfTheLocationGetsItsOwnRow() throws Exception {
        send(reading(STATION, "o3", 0.030, "ppm", T0 + MINUTE));
        send(reading(STATION, "o3", 40.0, "ppb", T0 + 2 * MINUTE));
        send(reading(STATION, "no2", 20.0, "ppb", T0 + 3 * MINUTE));
        send(reading("Anand Vihar", "no2", 80.0, "ppb", T0 + 4 * MINUTE));
        harness.processWatermark(endOf(T0));

        List<Aggregate> rows = written();
        assertThat(rows).extracting(a -> a.location + "/" + a.parameter + "/" + a.unit)
                .containsExactlyInAnyOrder(STATION + "/o3/ppm", STATION + "/o3/ppb", STATION + "/no2/ppb",
                        "Anand Vihar/no2/ppb");
        Aggregate ppm = rows.stream().filter(a -> a.unit.equals("ppm")).findFirst().orElseThrow();
        assertThat(ppm.referenceUnit).isEqualTo("ppb");
        assertThat(ppm.meanReference).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void allowedLatenessDelaysTheFirstRowsAndKeepsStragglersOutOfRevisions() throws Exception {
        harness.close();
        harness = open(new AggregationRules(ONE_HOUR, LATENESS, RETENTION), null);

        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0) + 5 * MINUTE);
        pm25(T0 + 50 * MINUTE, 20.0);
        assertThat(written()).isEmpty();

        harness.processWatermark(endOf(T0) + LATENESS.toMillis());
        List<Aggregate> rows = written();
        assertThat(rows).extracting(a -> a.revision + ":" + a.count).containsExactly("0:2");
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS)).isZero();
    }

    // ---------------------------------------------------------------- revisions

    @Test
    void aLateReadingIsWrittenAsACorrectionWithTheNextRevisionAtTheNextWatermark() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        assertThat(written()).extracting(a -> a.revision).containsExactly(0);

        pm25(T0 + 30 * MINUTE, 40.0);
        assertThat(written()).as("nothing until the watermark moves").isEmpty();
        harness.processWatermark(endOf(T0) + MINUTE);

        List<Aggregate> rows = written();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).revision).isEqualTo(1);
        assertThat(rows.get(0).count).isEqualTo(2);
        assertThat(rows.get(0).mean).isCloseTo(25.0, within(1e-12));
        assertThat(rows.get(0).max).isEqualTo(40.0);
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS)).isEqualTo(1);
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.AGGREGATE_REVISIONS)).isEqualTo(1);
    }

    @Test
    void lateReadingsBetweenTwoWatermarksAreOneCorrectionAndEachLaterBatchAnother() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        written();

        pm25(T0 + 20 * MINUTE, 20.0);
        pm25(T0 + 30 * MINUTE, 30.0);
        harness.processWatermark(endOf(T0) + MINUTE);
        pm25(T0 + 40 * MINUTE, 40.0);
        harness.processWatermark(endOf(T0) + 2 * MINUTE);
        harness.processWatermark(endOf(T0) + 3 * MINUTE);

        assertThat(written()).extracting(a -> a.revision + ":" + a.count).containsExactly("1:3", "2:4");
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS)).isEqualTo(3);
    }

    @Test
    void aLatePartialOfSeveralReadingsIsOneCorrectionAndCountsEachOfItsReadings() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        written();

        PartialAggregate partial = PartialAggregate.of(reading(STATION, "pm25", 20.0, UG, T0 + 20 * MINUTE));
        partial.group.add(reading(STATION, "pm25", 60.0, UG, T0 + 5 * MINUTE));
        partial.group.add(reading(STATION, "pm25", 30.0, UG, T0 + 50 * MINUTE));
        harness.processElement(partial, partial.group.lastTime);
        harness.processWatermark(endOf(T0) + MINUTE);

        Aggregate a = written().get(0);
        assertThat(a.revision + ":" + a.count).isEqualTo("1:4");
        assertThat(a.mean).isCloseTo(30.0, within(1e-12));
        assertThat(a.min).isEqualTo(10.0);
        assertThat(a.max).isEqualTo(60.0);
        assertThat(a.firstTime).isEqualTo(T0 + 5 * MINUTE);
        assertThat(a.lastTime).isEqualTo(T0 + 50 * MINUTE);
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS)).isEqualTo(3);
    }

    @Test
    void aPartialAfterTheRetentionCountsEachOfItsReadingsAsDropped() throws Exception {
        harness.processWatermark(endOf(T0) + RETENTION.toMillis());
        PartialAggregate partial = PartialAggregate.of(reading(STATION, "pm25", 20.0, UG, T0 + 20 * MINUTE));
        partial.group.add(reading(STATION, "pm25", 30.0, UG, T0 + 30 * MINUTE));
        harness.processElement(partial, partial.group.lastTime);
        harness.processWatermark(endOf(T0) + RETENTION.toMillis() + MINUTE);

        assertThat(written()).isEmpty();
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED)).isEqualTo(2);
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void aParameterFirstSeenInACorrectionJoinsTheLocationsRowsAtThatRevision() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        written();

        send(reading(STATION, "no2", 30.0, "ppb", T0 + 20 * MINUTE));
        harness.processWatermark(endOf(T0) + MINUTE);

        assertThat(written()).extracting(a -> a.parameter + ":" + a.revision).containsExactly("no2:1", "pm25:1");
    }

    @Test
    void theFirstReadingOfAWindowWhoseTimeHasPassedIsWrittenAsItsRevisionZero() throws Exception {
        harness.processWatermark(endOf(T0 + HOUR));
        pm25(T0 + 5 * MINUTE, 15.0);
        harness.processWatermark(endOf(T0 + HOUR) + MINUTE);

        assertThat(written()).extracting(a -> a.windowStart + ":" + a.revision + ":" + a.count)
                .containsExactly(T0 + ":0:1");
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS)).isEqualTo(1);
    }

    @Test
    void aReadingAfterTheRetentionOnlyReachesTheReadingsTableAndIsCountedAsDropped() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0) + RETENTION.toMillis() - 1);
        pm25(T0 + 20 * MINUTE, 99.0);
        harness.processWatermark(endOf(T0) + RETENTION.toMillis());
        pm25(T0 + 30 * MINUTE, 500.0);
        harness.processWatermark(endOf(T0) + RETENTION.toMillis() + MINUTE);

        assertThat(written()).extracting(a -> a.revision + ":" + a.count).containsExactly("0:1", "1:2");
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED)).isEqualTo(1);
    }

    @Test
    void aCorrectionOfAnHourRewritesTheLaterHoursWhoseNowCastItChanges() throws Exception {
        for (int hour = 0; hour < 4; hour++) {
            pm25(T0 + hour * HOUR + 30 * MINUTE, 10.0 + hour);
        }
        harness.processWatermark(endOf(T0 + 3 * HOUR));
        assertThat(written()).extracting(a -> a.revision).containsExactly(0, 0, 0, 0);

        pm25(T0 + HOUR + 45 * MINUTE, 200.0);
        harness.processWatermark(endOf(T0 + 3 * HOUR) + MINUTE);

        List<Aggregate> corrected = written();
        assertThat(corrected).extracting(a -> (a.windowStart - T0) / HOUR + ":" + a.revision)
                .containsExactly("1:1", "2:1", "3:1");
        SubIndex expected = HourlyAqi.of(Pollutant.PM25, series(10.0, (11.0 + 200.0) / 2, 12.0, 13.0));
        Aggregate hour3 = corrected.get(2);
        assertThat(hour3.aqi).isEqualTo(expected.aqi());
        assertThat(hour3.aqiConcentration).isEqualTo(expected.concentration());
        assertThat(hour3.aqiAveraging).isEqualTo("nowcast");
    }

    @Test
    void aCorrectionThatChangesNoLaterAqiRewritesOnlyItsOwnHour() throws Exception {
        for (int hour = 0; hour < 3; hour++) {
            send(reading(STATION, "no2", 20.0, "ppb", T0 + hour * HOUR + 30 * MINUTE));
        }
        harness.processWatermark(endOf(T0 + 2 * HOUR));
        written();

        send(reading(STATION, "no2", 60.0, "ppb", T0 + 20 * MINUTE));
        harness.processWatermark(endOf(T0 + 2 * HOUR) + MINUTE);

        assertThat(written()).extracting(a -> (a.windowStart - T0) / HOUR + ":" + a.revision).containsExactly("0:1");
    }

    @Test
    void revisionsContinueAfterARestoreFromASnapshot() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        written();
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = open(HOURLY, snapshot);
        harness.processWatermark(endOf(T0));
        pm25(T0 + 20 * MINUTE, 30.0);
        harness.processWatermark(endOf(T0) + MINUTE);

        assertThat(written()).extracting(a -> a.revision + ":" + a.count).containsExactly("1:2");
    }

    // Watermarks are not in a snapshot: after a restore the operator sees Long.MIN_VALUE until the
    // inputs send one again. These tests send none before the late partial.

    @Test
    void aPartialForAWrittenHourRightAfterARestoreIsACorrectionBeforeAnyWatermarkIsResent() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        assertThat(written()).extracting(a -> a.revision).containsExactly(0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = open(HOURLY, snapshot);
        pm25(T0 + 20 * MINUTE, 30.0);
        assertThat(written()).as("nothing until a watermark comes").isEmpty();
        harness.processWatermark(endOf(T0) + MINUTE);

        List<Aggregate> rows = written();
        assertThat(rows).extracting(a -> a.revision + ":" + a.count).containsExactly("1:2");
        assertThat(rows.get(0).mean).isCloseTo(20.0, within(1e-12));
        assertThat(rows.get(0).max).isEqualTo(30.0);
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS)).isEqualTo(1);
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.AGGREGATE_REVISIONS)).isEqualTo(1);
    }

    @Test
    void aPartialForAPurgedHourRightAfterARestoreIsCountedAsDroppedAndNotWrittenAsASecondRevisionZero()
            throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(HOURLY.purgeAt(T0));
        assertThat(written()).extracting(a -> a.revision).containsExactly(0);
        assertThat(keyedStateEntries()).isZero();
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = open(HOURLY, snapshot);
        PartialAggregate partial = PartialAggregate.of(reading(STATION, "pm25", 20.0, UG, T0 + 20 * MINUTE));
        partial.group.add(reading(STATION, "pm25", 30.0, UG, T0 + 30 * MINUTE));
        harness.processElement(partial, partial.group.lastTime);
        harness.processWatermark(HOURLY.purgeAt(T0) + MINUTE);

        assertThat(written()).isEmpty();
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED)).isEqualTo(2);
        assertThat(afterSeal()).extracting(l -> l.windowStart + ":" + l.readings).containsExactly(T0 + ":2");
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPartialPastTheRetentionOfAnHourStillKeptRightAfterARestoreIsDroppedNotACorrection() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(HOURLY.closeAt(T0));
        written();
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = open(HOURLY, snapshot);
        pm25(T0 + 20 * MINUTE, 30.0);
        harness.processWatermark(HOURLY.closeAt(T0) + MINUTE);

        assertThat(written()).isEmpty();
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED)).isEqualTo(1);
        assertThat(afterSeal()).extracting(l -> l.windowStart + ":" + l.readings).containsExactly(T0 + ":1");
    }

    @Test
    void afterARestoreAtAnotherParallelismTheHighestWatermarkAnySubtaskKeptStillDropsAPartialForAPurgedHour()
            throws Exception {
        harness.close();
        int stationSubtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(STATION, MAX_PARALLELISM, 2);
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            harness = open(HOURLY, null, 2, subtask);
            // the other subtask gets no reading and fires no timer: it keeps no watermark of its own
            if (subtask == stationSubtask) {
                pm25(T0 + 10 * MINUTE, 10.0);
                harness.processWatermark(HOURLY.purgeAt(T0));
                assertThat(written()).extracting(a -> a.revision).containsExactly(0);
            }
            snapshots[subtask] = harness.snapshot(1L, T0);
            harness.close();
        }
        OperatorSubtaskState rescaled = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(snapshots), MAX_PARALLELISM, 2, 1, 0);

        harness = open(HOURLY, rescaled, 1, 0);
        pm25(T0 + 20 * MINUTE, 30.0);
        harness.processWatermark(HOURLY.purgeAt(T0) + MINUTE);

        assertThat(written()).isEmpty();
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED)).isEqualTo(1);
    }

    @Test
    void aSnapshotWithoutTheKeptWatermarkStillRestoresAndAPartialForAWrittenHourIsStillACorrection()
            throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        written();
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();
        // the layout of a savepoint taken before the operator kept its watermark: keyed state and timers only
        OperatorSubtaskState keyedOnly = OperatorSubtaskState.builder()
                .setManagedKeyedState(snapshot.getManagedKeyedState())
                .setRawKeyedState(snapshot.getRawKeyedState())
                .build();
        assertThat(keyedOnly.getManagedOperatorState()).isEmpty();

        harness = open(HOURLY, keyedOnly);
        pm25(T0 + 20 * MINUTE, 30.0);
        harness.processWatermark(endOf(T0) + MINUTE);

        assertThat(written()).extracting(a -> a.revision + ":" + a.count).containsExactly("1:2");
    }

    // ---------------------------------------------------------------- AQI columns

    @Test
    void everyRowOfAnHourCarriesTheLocationAqiAndItsDominantPollutant() throws Exception {
        for (int hour = 0; hour < 8; hour++) {
            send(reading(STATION, "o3", 75.0, "ppb", T0 + hour * HOUR + MINUTE));
            send(reading(STATION, "pm25", 20.0, UG, T0 + hour * HOUR + MINUTE));
        }
        harness.processWatermark(endOf(T0 + 7 * HOUR));

        List<Aggregate> lastHour = written().stream().filter(a -> a.windowStart == T0 + 7 * HOUR)
                .collect(Collectors.toList());
        int ozone = HourlyAqi.of(Pollutant.O3, series(75, 75, 75, 75, 75, 75, 75, 75)).aqi();
        int pm25 = HourlyAqi.of(Pollutant.PM25, series(20, 20, 20, 20, 20, 20, 20, 20)).aqi();
        assertThat(ozone).isGreaterThan(pm25);
        assertThat(lastHour).extracting(a -> a.parameter + ":" + a.aqi).containsExactly("o3:" + ozone, "pm25:" + pm25);
        assertThat(lastHour).allSatisfy(a -> {
            assertThat(a.locationAqi).isEqualTo(ozone);
            assertThat(a.dominantPollutant).isEqualTo("o3");
        });
    }

    @Test
    void anHourWithTooFewEarlierHoursHasNoAqiButStillItsStatistics() throws Exception {
        send(reading(STATION, "co", 8.4, "ppm", T0 + MINUTE));
        harness.processWatermark(endOf(T0));

        Aggregate a = written().get(0);
        assertThat(a.count).isEqualTo(1);
        assertThat(a.aqi).isNull();
        assertThat(a.aqiAveraging).isNull();
        assertThat(a.locationAqi).isNull();
        assertThat(a.whoExceeds).isNull();
    }

    @Test
    void theWhoCheckUsesTheRunningMeanOfItsAveragingPeriod() throws Exception {
        for (int hour = 0; hour < 8; hour++) {
            send(reading(STATION, "o3", 55.0, "ppb", T0 + hour * HOUR + MINUTE));
        }
        harness.processWatermark(endOf(T0 + 7 * HOUR));

        List<Aggregate> rows = written();
        assertThat(rows.subList(0, 5)).allSatisfy(a -> assertThat(a.whoExceeds).isNull());
        Aggregate last = rows.get(7);
        assertThat(last.whoAveraging).isEqualTo("8h");
        assertThat(last.whoGuideline).isEqualTo(100.0);
        assertThat(last.whoMean).isCloseTo(55.0 * 48.00 / 24.45, within(1e-9));
        assertThat(last.whoExceeds).isTrue();
    }

    @Test
    void readingsWithoutALocationAreAggregatedTogetherButGetNoAqi() throws Exception {
        for (int hour = 0; hour < 3; hour++) {
            send(reading(null, "pm25", 30.0, UG, T0 + hour * HOUR + MINUTE));
            send(reading(null, "pm25", 50.0, UG, T0 + hour * HOUR + 2 * MINUTE));
        }
        harness.processWatermark(endOf(T0 + 2 * HOUR));

        List<Aggregate> rows = written();
        assertThat(rows).hasSize(3).allSatisfy(a -> {
            assertThat(a.location).isNull();
            assertThat(a.count).isEqualTo(2);
            assertThat(a.aqi).isNull();
        });
    }

    // ---------------------------------------------------------------- places

    Reading placed(String city, double value, long eventTime, Double latitude, Double longitude) {
        Reading r = reading(MOBILE, "pm25", value, UG, eventTime);
        r.city = city;
        r.country = "IN";
        r.latitude = latitude;
        r.longitude = longitude;
        return r;
    }

    @Test
    void aLocationNameSeenInTwoCitiesIsTwoPlacesEachWithItsOwnRowsAndAqi() throws Exception {
        for (long hour : new long[] {T0, T0 + HOUR}) {
            send(placed("Delhi", 200.0, hour + 10 * MINUTE, DELHI_LATITUDE, DELHI_LONGITUDE));
            send(placed("Delhi", 220.0, hour + 20 * MINUTE, DELHI_LATITUDE, DELHI_LONGITUDE));
            send(placed("Agra", 20.0, hour + 40 * MINUTE, AGRA_LATITUDE, AGRA_LONGITUDE));
        }
        harness.processWatermark(endOf(T0 + HOUR));

        List<Aggregate> rows = written().stream().filter(a -> a.windowStart == T0 + HOUR)
                .sorted(Comparator.comparing(a -> a.city)).collect(Collectors.toList());
        assertThat(rows).extracting(a -> a.location + "/" + a.city + "/" + a.country + "/" + a.count + "/" + a.mean)
                .containsExactly(MOBILE + "/Agra/IN/1/20.0", MOBILE + "/Delhi/IN/2/210.0");
        assertThat(rows.get(0).locationAqi).isEqualTo(HourlyAqi.of(Pollutant.PM25, series(20.0, 20.0)).aqi());
        assertThat(rows.get(1).locationAqi).isEqualTo(HourlyAqi.of(Pollutant.PM25, series(210.0, 210.0)).aqi());
        assertThat(rows.get(0).latitude).isEqualTo(AGRA_LATITUDE);
        assertThat(rows.get(1).longitude).isEqualTo(DELHI_LONGITUDE);
    }

    @Test
    void aRowCarriesTheCoordinatesOfItsWindowsLatestReadingThatHadAnyWhateverTheOrderTheyCameIn()
            throws Exception {
        // a mobile station moving within the hour, its readings arriving out of order; the last has no coordinates
        send(placed("Delhi", 30.0, T0 + 50 * MINUTE, DELHI_LATITUDE + 0.02, DELHI_LONGITUDE + 0.02));
        send(placed("Delhi", 10.0, T0 + 10 * MINUTE, DELHI_LATITUDE, DELHI_LONGITUDE));
        send(placed("Delhi", 40.0, T0 + 55 * MINUTE, null, null));
        send(placed("Delhi", 20.0, T0 + 30 * MINUTE, DELHI_LATITUDE + 0.01, DELHI_LONGITUDE + 0.01));
        harness.processWatermark(endOf(T0));

        Aggregate a = written().get(0);
        assertThat(a.count).isEqualTo(4);
        assertThat(a.latitude).isEqualTo(DELHI_LATITUDE + 0.02);
        assertThat(a.longitude).isEqualTo(DELHI_LONGITUDE + 0.02);
    }

    @Test
    void aLateReadingThatMovesThePlaceCorrectsItsCoordinates() throws Exception {
        send(placed("Delhi", 10.0, T0 + 10 * MINUTE, DELHI_LATITUDE, DELHI_LONGITUDE));
        harness.processWatermark(endOf(T0));
        assertThat(written()).extracting(a -> a.revision + ":" + a.latitude).containsExactly("0:" + DELHI_LATITUDE);

        send(placed("Delhi", 10.0, T0 + 40 * MINUTE, AGRA_LATITUDE, AGRA_LONGITUDE));
        harness.processWatermark(endOf(T0) + MINUTE);

        assertThat(written()).extracting(a -> a.revision + ":" + a.latitude + ":" + a.longitude)
                .containsExactly("1:" + AGRA_LATITUDE + ":" + AGRA_LONGITUDE);
    }

    @Test
    void readingsAfterTheSealAreCountedUnderTheirPlace() throws Exception {
        send(placed("Delhi", 10.0, T0 + 10 * MINUTE, DELHI_LATITUDE, DELHI_LONGITUDE));
        harness.processWatermark(HOURLY.closeAt(T0));
        written();

        send(placed("Agra", 10.0, T0 + 20 * MINUTE, AGRA_LATITUDE, AGRA_LONGITUDE));
        harness.processWatermark(HOURLY.closeAt(T0) + MINUTE);

        assertThat(afterSeal()).extracting(l -> l.location + ":" + l.city + ":" + l.country + ":" + l.readings)
                .containsExactly(MOBILE + ":Agra:IN:1");
    }

    @Test
    void windowsOtherThanAnHourCarryStatisticsButNoAqi() throws Exception {
        harness.close();
        harness = open(new AggregationRules(Duration.ofMinutes(15), NO_LATENESS, RETENTION), null);
        for (int quarter = 0; quarter < 16; quarter++) {
            pm25(T0 + quarter * 15 * MINUTE + MINUTE, 20.0);
        }
        harness.processWatermark(endOf(T0 + 3 * HOUR));

        List<Aggregate> rows = written();
        assertThat(rows).hasSize(16).allSatisfy(a -> {
            assertThat(a.windowEnd - a.windowStart).isEqualTo(15 * MINUTE);
            assertThat(a.aqi).isNull();
            assertThat(a.whoMean).isNull();
        });
    }

    // ---------------------------------------------------------------- completeness

    /** Readings arriving {@code delay} after they were measured, as Kinesis stamps them. */
    Reading arriving(String parameter, double value, long eventTime, long delay) {
        Reading r = reading(STATION, parameter, value, UG, eventTime);
        r.arrivalTime = eventTime + delay;
        return r;
    }

    List<LateReadings> afterSeal() {
        var sideOutput = harness.getSideOutput(AggregateReadings.AFTER_SEAL);
        if (sideOutput == null) {
            return List.of();
        }
        List<LateReadings> rows = sideOutput.stream().map(record -> record.getValue()).collect(Collectors.toList());
        sideOutput.clear();
        return rows;
    }

    @Test
    void eachRowCarriesTheLatestArrivalAmongItsOwnReadingsAndWhenItsWindowIsSealed() throws Exception {
        send(arriving("pm25", 10.0, T0 + 10 * MINUTE, 5 * MINUTE));
        send(arriving("pm25", 20.0, T0 + 40 * MINUTE, 2 * MINUTE));
        send(arriving("no2", 30.0, T0 + 20 * MINUTE, 30 * MINUTE));
        harness.processWatermark(endOf(T0));

        assertThat(written()).extracting(a -> a.parameter + ":" + a.arrivalsUntil + ":" + a.sealedAt).containsExactly(
                "no2:" + (T0 + 50 * MINUTE) + ":" + HOURLY.closeAt(T0),
                "pm25:" + (T0 + 42 * MINUTE) + ":" + HOURLY.closeAt(T0));
        assertThat(HOURLY.closeAt(T0)).isEqualTo(endOf(T0) + RETENTION.toMillis());
    }

    @Test
    void aCorrectionMovesArrivalsUntilToTheLateReadingsArrival() throws Exception {
        send(arriving("pm25", 10.0, T0 + 10 * MINUTE, MINUTE));
        harness.processWatermark(endOf(T0));
        written();
        send(arriving("pm25", 20.0, T0 + 20 * MINUTE, 3 * HOUR));
        harness.processWatermark(endOf(T0) + MINUTE);

        assertThat(written()).extracting(a -> a.revision + ":" + a.count + ":" + a.arrivalsUntil)
                .containsExactly("1:2:" + (T0 + 20 * MINUTE + 3 * HOUR));
        assertThat(afterSeal()).isEmpty();
    }

    @Test
    void eachReadingAfterTheSealIsCountedOnceInItsWindowWithTheBatchsLatestArrival() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        send(reading(STATION, "pm25", 12.0, UG, T0 + HOUR + 10 * MINUTE));
        long sealed = HOURLY.closeAt(T0);
        harness.processWatermark(sealed);
        written();

        PartialAggregate batch = PartialAggregate.of(arriving("pm25", 20.0, T0 + 20 * MINUTE, 9 * HOUR));
        batch.group.add(arriving("pm25", 30.0, T0 + 30 * MINUTE, 10 * HOUR));
        harness.processElement(batch, batch.group.lastTime);
        send(arriving("no2", 40.0, T0 + 50 * MINUTE, 8 * HOUR));
        // the next hour is not sealed yet: its reading is a correction, not a late row
        send(arriving("pm25", 14.0, T0 + HOUR + 20 * MINUTE, 8 * HOUR));
        harness.processWatermark(sealed + MINUTE);

        assertThat(afterSeal()).extracting(l -> l.location + ":" + l.parameter + ":" + l.unit + ":" + l.windowStart
                + ":" + l.windowEnd + ":" + l.readings + ":" + l.arrivalTime).containsExactlyInAnyOrder(
                STATION + ":pm25:" + UG + ":" + T0 + ":" + (T0 + HOUR) + ":2:" + (T0 + 30 * MINUTE + 10 * HOUR),
                STATION + ":no2:" + UG + ":" + T0 + ":" + (T0 + HOUR) + ":1:" + (T0 + 50 * MINUTE + 8 * HOUR));
        assertThat(written()).extracting(a -> a.windowStart + ":" + a.revision + ":" + a.count)
                .containsExactly((T0 + HOUR) + ":1:2");
        assertThat(metrics.counter("kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED)).isEqualTo(3);
    }

    @Test
    void aReadingForAPurgedWindowIsCountedInTheLateTableWithoutBringingItsStateBack() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(HOURLY.purgeAt(T0));
        assertThat(keyedStateEntries()).isZero();

        pm25(T0 + 15 * MINUTE, 11.0);
        harness.processWatermark(HOURLY.purgeAt(T0) + HOUR);

        assertThat(afterSeal()).extracting(l -> l.windowStart + ":" + l.readings).containsExactly(T0 + ":1");
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    // ---------------------------------------------------------------- cleanup

    @Test
    void stateAndTimersGoBackToZeroOnceTheWatermarkPassesEveryPurgeTime() throws Exception {
        for (int hour = 0; hour < 3; hour++) {
            pm25(T0 + hour * HOUR + MINUTE, 10.0);
            send(reading("Anand Vihar", "no2", 40.0, "ppb", T0 + hour * HOUR + MINUTE));
        }
        harness.processWatermark(endOf(T0 + 2 * HOUR));
        pm25(T0 + 2 * MINUTE, 20.0);
        harness.processWatermark(endOf(T0 + 2 * HOUR) + MINUTE);
        assertThat(keyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isPositive();

        long lastPurge = HOURLY.purgeAt(T0 + 2 * HOUR);
        harness.processWatermark(lastPurge - 1);
        assertThat(keyedStateEntries()).as("the last hour is kept until its purge time").isEqualTo(2);
        harness.processWatermark(lastPurge);

        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(written()).extracting(a -> a.revision).containsOnly(0, 1);
    }

    @Test
    void aWindowRestoredWithALongerRetentionIsStillCorrectedUntilItsNewSealAndThenPurged() throws Exception {
        pm25(T0 + 10 * MINUTE, 10.0);
        harness.processWatermark(endOf(T0));
        written();
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();
        // sealed only after the purge time of the retention it was written with
        AggregationRules longer = new AggregationRules(ONE_HOUR, NO_LATENESS, RETENTION.multipliedBy(6));
        assertThat(longer.closeAt(T0)).isGreaterThan(HOURLY.purgeAt(T0) + MINUTE);

        harness = open(longer, snapshot);
        // the old purge timer fires: the window is kept, with a timer at its new purge time
        harness.processWatermark(HOURLY.purgeAt(T0));
        send(arriving("pm25", 20.0, T0 + 20 * MINUTE, 8 * HOUR));
        harness.processWatermark(HOURLY.purgeAt(T0) + MINUTE);
        assertThat(written()).extracting(a -> a.revision + ":" + a.count + ":" + a.sealedAt)
                .containsExactly("1:2:" + longer.closeAt(T0));
        assertThat(keyedStateEntries()).isEqualTo(1);

        harness.processWatermark(longer.purgeAt(T0));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theEndOfABoundedInputWritesEveryWindowAndLeavesNoState() throws Exception {
        for (int hour = 0; hour < 5; hour++) {
            pm25(T0 + hour * HOUR + MINUTE, 10.0 * (hour + 1));
        }
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(written()).extracting(a -> a.windowStart).containsExactly(T0, T0 + HOUR, T0 + 2 * HOUR,
                T0 + 3 * HOUR, T0 + 4 * HOUR);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** Hourly means, oldest first as written in a test, to the newest-first series of the AQI functions. */
    static double[] series(double... oldestFirst) {
        double[] newestFirst = new double[AggregationRules.HISTORY_HOURS];
        Arrays.fill(newestFirst, Double.NaN);
        for (int i = 0; i < oldestFirst.length; i++) {
            newestFirst[i] = oldestFirst[oldestFirst.length - 1 - i];
        }
        return newestFirst;
    }
}
