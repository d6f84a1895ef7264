package org.aqlake.job.decode;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DecodeReadingsTest {

    static final String STREAM = "aq-readings";
    static final String SHARD = "shardId-000000000007";
    /** After every event time TestReadings produces (its readings span six hours from BASE_TIME). */
    static final long ARRIVAL = TestReadings.BASE_TIME + TestReadings.SPREAD_MILLIS + 3_600_000L;
    static final long MEASURED = TestReadings.BASE_TIME + 600_000L;
    static final int MIX_SIZE = 100;

    private OneInputStreamOperatorTestHarness<KinesisRecord, Reading> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeReadings(ValidationRules.DEFAULTS));
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    static KinesisRecord record(String partitionKey, String sequenceNumber, byte[] payload) {
        return new KinesisRecord(payload, STREAM, SHARD, sequenceNumber, partitionKey, ARRIVAL);
    }

    void process(KinesisRecord r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.arrivalTime));
    }

    List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        if (harness.getSideOutput(DecodeReadings.DEAD_LETTERS) != null) {
            for (StreamRecord<DeadLetter> r : harness.getSideOutput(DecodeReadings.DEAD_LETTERS)) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    @Test
    void aValidRecordBecomesAReadingAndNoDeadLetter() throws Exception {
        String json = TestReadings.openAq("s-1", 0, MEASURED, "pm25", 12.5, "µg/m³");

        process(record("s-1", "100", TestReadings.utf8(json)));

        List<Reading> readings = harness.extractOutputValues();
        assertThat(readings).hasSize(1);
        Reading r = readings.get(0);
        assertThat(r.parameter).isEqualTo("pm25");
        assertThat(r.value).isEqualTo(12.5);
        assertThat(r.eventTime).isEqualTo(MEASURED);
        assertThat(r.deviceId).isEqualTo("s-1");
        assertThat(r.arrivalTime).isEqualTo(ARRIVAL);
        assertThat(r.shardId).isEqualTo(SHARD);
        assertThat(r.sequenceNumber).isEqualTo("100");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void anInvalidRecordGoesOnlyToTheDeadLettersWithItsReasonBytesAndLineage() throws Exception {
        byte[] payload = TestReadings.utf8(TestReadings.openAq("s-2", 0, MEASURED, "pm10", -999, "µg/m³"));

        process(record("s-2", "200", payload));

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> letters = deadLetters();
        assertThat(letters).hasSize(1);
        DeadLetter d = letters.get(0);
        assertThat(d.errorType).isEqualTo(ErrorType.VALUE_OUT_OF_RANGE);
        assertThat(d.field).isEqualTo("value");
        assertThat(d.reason).contains("-999");
        assertThat(d.payload).isEqualTo(payload);
        assertThat(d.stream).isEqualTo(STREAM);
        assertThat(d.shardId).isEqualTo(SHARD);
        assertThat(d.sequenceNumber).isEqualTo("200");
        assertThat(d.partitionKey).isEqualTo("s-2");
        assertThat(d.arrivalTime).isEqualTo(ARRIVAL);
    }

    @Test
    void aPayloadThatIsNotEvenTextKeepsItsExactBytes() throws Exception {
        byte[] payload = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5};

        process(record("s-3", "300", payload));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.errorType).isEqualTo(ErrorType.DECOMPRESSION_FAILED);
            assertThat(d.field).isNull();
            assertThat(d.payload).isEqualTo(payload);
        });
    }

    @Test
    void aMixOfAHundredRecordsLosesNothingAndSortsEachOneCorrectly() throws Exception {
        List<TestRecord> mix = TestReadings.mixed("m-", MIX_SIZE);
        for (int i = 0; i < mix.size(); i++) {
            TestRecord t = mix.get(i);
            process(record(t.partitionKey, Integer.toString(i), t.payload));
        }

        List<Reading> readings = harness.extractOutputValues();
        List<DeadLetter> letters = deadLetters();
        Map<String, TestRecord> byId = byId(mix);

        // nothing lost, nothing duplicated
        assertThat(readings.size() + letters.size()).isEqualTo(MIX_SIZE);
        // every valid record became its own reading (TestReadings puts the id in sensorId or serialNumber)
        assertThat(readings).extracting(r -> r.deviceId).containsExactlyElementsOf(
                mix.stream().filter(TestRecord::valid).map(t -> t.id).collect(Collectors.toList()));
        for (Reading r : readings) {
            assertThat(Instant.ofEpochMilli(r.eventTime)).isEqualTo(
                    Instant.ofEpochMilli(byId.get(r.deviceId).eventTime));
        }
        // every invalid record became a dead letter of the expected type, with its bytes
        assertThat(letters).extracting(d -> d.partitionKey).containsExactlyElementsOf(
                mix.stream().filter(t -> !t.valid()).map(t -> t.id).collect(Collectors.toList()));
        for (DeadLetter d : letters) {
            TestRecord expected = byId.get(d.partitionKey);
            assertThat(d.errorType).as("%s: %s", d.partitionKey, d.reason).isEqualTo(expected.expectedError);
            assertThat(d.payload).as(d.partitionKey).isEqualTo(expected.payload);
        }
        // the mix really exercises both paths and every dead-letter type
        assertThat(readings).isNotEmpty();
        assertThat(letters).extracting(d -> d.errorType).containsAll(ErrorType.READING_ERRORS);
    }

    @Test
    void elementTimestampsAreForwardedUnchanged() throws Exception {
        // the watermark assigner downstream overwrites them with the event time; the decoder must not invent any
        process(record("s-4", "400", TestReadings.utf8(TestReadings.openAq("s-4", 0, MEASURED, "o3", 0.03, "ppm"))));

        List<Object> out = new ArrayList<>(harness.getOutput());

        assertThat(out).singleElement().isInstanceOfSatisfying(StreamRecord.class,
                r -> assertThat(r.getTimestamp()).isEqualTo(ARRIVAL));
    }

    private static Map<String, TestRecord> byId(List<TestRecord> mix) {
        return mix.stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
    }
}
