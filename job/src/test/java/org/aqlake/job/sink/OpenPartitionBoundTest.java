package org.aqlake.job.sink;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.Reading;
import org.aqlake.job.support.HarnessMetrics;
import org.aqlake.job.support.TestConsent;
import org.aqlake.udfs.partition.PartitionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound on the partitions a readings writer has open at once, on Flink's operator harness: up to the
 * bound every reading passes; a reading for one more partition becomes a typed dead letter holding its row,
 * counted, while readings of the partitions already open still pass; each checkpoint (when the chained
 * writer closes its files) starts the count again, and nothing is kept in state.
 */
class OpenPartitionBoundTest {

    static final int BOUND = 3;
    static final long T10 = Instant.parse("2024-05-01T10:15:00Z").toEpochMilli();
    static final String STREAM = "aq-readings";
    static final PartitionTemplate TEMPLATE = PartitionTemplate.compile(
            "location=!{partitionKey:location}/dt=!{timestamp:yyyy-MM-dd}/", Set.of("location"));
    static final ObjectMapper JSON = new ObjectMapper();

    HarnessMetrics metrics;
    OneInputStreamOperatorTestHarness<Reading, Reading> harness;
    OpenPartitionBound bound;
    int sequence;

    @BeforeEach
    void open() throws Exception {
        metrics = new HarnessMetrics();
        bound = new OpenPartitionBound(LakeBuckets.readings(TEMPLATE, PartitionTime.EVENT), BOUND, STREAM);
        harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(bound), metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    Reading at(String location) throws Exception {
        Reading r = TestConsent.reading("seq-" + sequence++, "device-" + location, T10, TestConsent.GOVERNMENT);
        r.location = location;
        harness.processElement(new StreamRecord<>(r, r.eventTime));
        return r;
    }

    List<String> passedLocations() {
        return harness.extractOutputValues().stream().map(r -> r.location).collect(Collectors.toList());
    }

    List<DeadLetter> deadLetters() {
        return harness.getSideOutput(OpenPartitionBound.DEAD_LETTERS) == null ? List.of()
                : harness.getSideOutput(OpenPartitionBound.DEAD_LETTERS).stream().map(StreamRecord::getValue)
                        .collect(Collectors.toList());
    }

    long counted() {
        return metrics.counter("kinesisanalytics.ErrorType." + ErrorType.TOO_MANY_OPEN_PARTITIONS.id() + ".deadLetters");
    }

    @Test
    void aReadingForOnePartitionMoreThanTheBoundIsADeadLetterHoldingItsRow() throws Exception {
        at("a");
        at("b");
        at("c");
        Reading fourth = at("d");

        assertThat(passedLocations()).containsExactly("a", "b", "c");
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.errorType).isEqualTo(ErrorType.TOO_MANY_OPEN_PARTITIONS);
            assertThat(d.reason).contains("location=d/dt=2024-05-01", "lake.max-open-partitions", "is " + BOUND);
            assertThat(d.stream).isEqualTo(STREAM);
            assertThat(d.shardId).isEqualTo(fourth.shardId);
            assertThat(d.sequenceNumber).isEqualTo(fourth.sequenceNumber);
            assertThat(d.arrivalTime).isEqualTo(fourth.arrivalTime);
            JsonNode row = JSON.readTree(new String(d.payload, StandardCharsets.UTF_8));
            assertThat(row.get("location").asText()).isEqualTo("d");
            assertThat(row.get("device_id").asText()).isEqualTo("device-d");
            assertThat(row.get("value").asDouble()).isEqualTo(fourth.value);
            assertThat(row.get("event_time").asText()).isEqualTo("2024-05-01T10:15:00Z");
            assertThat(row.get("sequence_number").asText()).isEqualTo(fourth.sequenceNumber);
        });
        assertThat(counted()).isEqualTo(1);
    }

    @Test
    void readingsOfThePartitionsAlreadyOpenStillPassOnceTheBoundIsReached() throws Exception {
        at("a");
        at("b");
        at("c");
        at("d");
        at("a");
        at("c");
        at("e");
        at("b");

        assertThat(passedLocations()).containsExactly("a", "b", "c", "a", "c", "b");
        assertThat(deadLetters()).extracting(d -> d.sequenceNumber).containsExactly("seq-3", "seq-6");
        assertThat(counted()).isEqualTo(2);
    }

    @Test
    void eachCheckpointStartsTheCountAgainAndLeavesNothingInState() throws Exception {
        at("a");
        at("b");
        at("c");
        at("d");
        assertThat(bound.openPartitions()).isEqualTo(BOUND);

        var snapshot = harness.snapshot(1L, T10);

        assertThat(bound.openPartitions()).as("the writer closed its files at this checkpoint").isZero();
        assertThat(snapshot.getManagedOperatorState()).isEmpty();
        assertThat(snapshot.getManagedKeyedState()).isEmpty();
        at("d");
        at("e");
        at("f");
        at("g");
        assertThat(passedLocations()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(deadLetters()).extracting(d -> d.sequenceNumber).containsExactly("seq-3", "seq-7");
    }
}
