package org.aqlake.job.dedup;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.HarnessMetrics;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DeduplicateRecordsTest {

    static final Duration HORIZON = Duration.ofMinutes(10);
    static final long H = HORIZON.toMillis();
    static final long SECOND = 1_000L;
    static final long ARRIVAL = 1_700_000_000_000L;
    static final String SHARD = "shardId-000000000000";
    static final String OTHER_SHARD = "shardId-000000000001";
    static final String PAYLOAD = "{\"location\":\"Kabul\",\"parameter\":\"pm25\",\"value\":12.5}";

    HarnessMetrics metrics;
    KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, KinesisRecord, KinesisRecord> harness;
    int sequence;

    KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, KinesisRecord, KinesisRecord> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        metrics = new HarnessMetrics();
        KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, KinesisRecord, KinesisRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DeduplicateRecords(HORIZON)),
                        new RecordIdentity(), RecordIdentity.TYPE, metrics.environment());
        h.setStateBackend(new HashMapStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    @BeforeEach
    void openTheOperator() throws Exception {
        harness = open(null);
    }

    @AfterEach
    void closeTheOperator() throws Exception {
        harness.close();
    }

    KinesisRecord record(String shard, String partitionKey, String payload, long arrival) {
        return new KinesisRecord(payload.getBytes(StandardCharsets.UTF_8), "aq-readings", shard,
                "4959" + (sequence++), partitionKey, arrival);
    }

    void send(KinesisRecord r) throws Exception {
        harness.processElement(new StreamRecord<>(r));
    }

    List<String> passedSequenceNumbers() {
        return harness.extractOutputValues().stream().map(r -> r.sequenceNumber).collect(Collectors.toList());
    }

    long duplicates() {
        return metrics.counter("." + MetricNames.DUPLICATE_RECORDS);
    }

    @Test
    void aRetriedRecordWithinTheHorizonPassesOnceAndIsCounted() throws Exception {
        KinesisRecord first = record(SHARD, "Kabul", PAYLOAD, ARRIVAL);
        send(first);
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + 30 * SECOND));
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + H));

        assertThat(passedSequenceNumbers()).containsExactly(first.sequenceNumber);
        assertThat(duplicates()).isEqualTo(2);
    }

    @Test
    void theSamePayloadUnderAnotherPartitionKeyOrAnotherPayloadIsAnotherRecord() throws Exception {
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL));
        send(record(SHARD, "Kabul 2", PAYLOAD, ARRIVAL));
        send(record(SHARD, "Kabul", PAYLOAD.replace("12.5", "12.6"), ARRIVAL));
        // the key's length is hashed too: moving a character from key to payload is another record
        send(record(SHARD, "Kabu", "l" + PAYLOAD, ARRIVAL));

        assertThat(harness.extractOutputValues()).hasSize(4);
        assertThat(duplicates()).isZero();
    }

    @Test
    void aCopyThatArrivesAfterTheHorizonIsASecondRecord() throws Exception {
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL));
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + H + 1));
        // the horizon starts again from the second record
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + H + 1 + H));

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(duplicates()).isEqualTo(1);
    }

    @Test
    void theStateReturnsToZeroOnceTheStreamHasMovedPastTheHorizon() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(record(SHARD, "Kabul", PAYLOAD + i, ARRIVAL + i * SECOND));
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(5);

        // a later record on the shard moves its arrival clock past the horizon of the first five
        harness.setProcessingTime(SECOND);
        send(record(SHARD, "Kabul", PAYLOAD + "later", ARRIVAL + H + 10 * SECOND));
        harness.setProcessingTime(H + SECOND / 2);
        assertThat(harness.numKeyedStateEntries()).as("only the later record's entry").isEqualTo(1);

        // then the stream goes quiet: once its shard has been silent for SILENCE_HORIZONS horizons, the last
        // entry goes too
        harness.setProcessingTime(SECOND + (DeduplicateRecords.SILENCE_HORIZONS + 1) * H);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aLaggingShardKeepsTheEntriesUntilItHasBeenReadPastThem() throws Exception {
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL));
        // another shard is far ahead (a catch-up read of the first) while the first keeps delivering
        send(record(OTHER_SHARD, "Delhi", PAYLOAD, ARRIVAL + 3 * H));
        for (long t = SECOND; t <= H + SECOND; t += H / 4) {
            harness.setProcessingTime(t);
            send(record(SHARD, "Kabul", PAYLOAD + t, ARRIVAL + t / 100));
            send(record(OTHER_SHARD, "Delhi", PAYLOAD + t, ARRIVAL + 3 * H + t));
        }
        // the first shard's duplicate of the first record, still within its horizon
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + H / 2));

        assertThat(duplicates()).isEqualTo(1);
    }

    @Test
    void aShardNotReadAgainSinceARestoreKeepsItsEntriesWhileAnotherShardsBacklogRunsPastThem() throws Exception {
        KinesisRecord first = record(SHARD, "Kabul", PAYLOAD, ARRIVAL);
        send(first);
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = open(checkpoint);
        // the other shard's backlog is read first, far past the first record's horizon, for over a horizon
        for (long t = 0; t <= H + H / 2; t += H / 4) {
            harness.setProcessingTime(t);
            send(record(OTHER_SHARD, "Delhi", PAYLOAD + t, ARRIVAL + 2 * H + t));
        }
        // then the first shard's backlog, with the retry of the first record
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + 45 * SECOND));

        assertThat(passedSequenceNumbers()).noneMatch(first.sequenceNumber::equals)
                .hasSize(7); // the other shard's records only
        assertThat(duplicates()).isEqualTo(1);
    }

    @Test
    void aShardSilentForLongerThanTheHorizonKeepsItsEntriesWhileAnotherShardRunsAhead() throws Exception {
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL));
        // the first shard stalls (throttled, expired iterators) while the other one is read on
        for (long t = SECOND; t <= 2 * H; t += H / 4) {
            harness.setProcessingTime(t);
            send(record(OTHER_SHARD, "Delhi", PAYLOAD + t, ARRIVAL + H + t));
        }
        // it resumes with the retry of its first record
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + 45 * SECOND));

        assertThat(duplicates()).isEqualTo(1);
    }

    @Test
    void theEntriesOfAShardClosedByReshardingGoOnceItHasBeenSilentLongEnough() throws Exception {
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL));
        long silence = DeduplicateRecords.SILENCE_HORIZONS * H;
        // the shard is closed: only its children (here the other shard) deliver from now on
        for (long t = SECOND; t <= silence + H; t += H / 4) {
            harness.setProcessingTime(t);
            send(record(OTHER_SHARD, "Delhi", PAYLOAD + t, ARRIVAL + t));
        }
        harness.setProcessingTime(silence + 2 * H);

        // the closed shard's entry is gone; of the other shard's 16, the 4 it has not been read a horizon
        // past yet are kept
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + 45 * SECOND));
        assertThat(duplicates()).as("the entry was released, so a late copy is a new record").isZero();
    }

    @Test
    void aRestoredOperatorStillDropsTheCopiesOfRecordsReadBeforeTheCheckpointEvenAfterALongDowntime()
            throws Exception {
        KinesisRecord first = record(SHARD, "Kabul", PAYLOAD, ARRIVAL);
        send(first);
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = open(checkpoint);
        // the downtime outlasted the horizon: the restored clean-up timer is overdue and fires at once
        harness.setProcessingTime(5 * H);
        assertThat(harness.numKeyedStateEntries()).as("kept until the backlog has been read").isEqualTo(1);
        harness.setProcessingTime(5 * H + SECOND);
        send(record(SHARD, "Kabul", PAYLOAD, ARRIVAL + 45 * SECOND));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(duplicates()).isEqualTo(1);
    }
}
