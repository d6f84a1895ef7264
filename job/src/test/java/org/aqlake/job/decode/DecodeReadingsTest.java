package org.aqlake.job.decode;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.consent.ConsentRules;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.DeadLetterEncoder;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final ConsentRules CONSENT = new ConsentRules(Set.of("government", "research"), Duration.ofMinutes(5),
            Duration.ofHours(1));

    private OneInputStreamOperatorTestHarness<KinesisRecord, Reading> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeReadings(ValidationRules.DEFAULTS, ConsentRedaction.unlessExempt(CONSENT)));
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
    void aPayloadThatIsNotEvenTextIsWithheldBecauseNothingShowsItExempt() throws Exception {
        byte[] payload = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5};

        process(record("s-3", "300", payload));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.errorType).isEqualTo(ErrorType.DECOMPRESSION_FAILED);
            assertThat(d.field).isNull();
            assertThat(d.redacted).isTrue();
            assertThat(d.payload).isNull();
            assertThat(d.partitionKey).isNull();
            assertThat(d.sequenceNumber).isEqualTo("300");
        });
    }

    @Test
    void aDeadLetterOfACommunityReadingCarriesNoDeviceIdCoordinatesLocationOrValue() throws Exception {
        String device = "d-5e1f";
        // generator layout: a community sensor; latitude off the globe makes it a dead letter
        String json = TestReadings.generator(device, 1, MEASURED).replace("\"latitude\":28.6469",
                "\"latitude\":128.6469");
        assertThat(json).contains("128.6469");

        process(record(device, "500", TestReadings.utf8(json)));

        DeadLetter d = deadLetters().get(0);
        assertThat(d.errorType).isEqualTo(ErrorType.VALUE_OUT_OF_RANGE);
        assertThat(d.field).isEqualTo("coordinates.latitude");
        assertThat(d.redacted).isTrue();
        assertThat(d.partitionKey).isNull();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        new DeadLetterEncoder().encode(d, written);
        assertThat(written.toString(StandardCharsets.UTF_8))
                .contains("latitude is outside [-90, 90]").contains("serialNumber")
                .doesNotContain(device).doesNotContain("128.6469").doesNotContain("77.3164")
                .doesNotContain("Anand Vihar").doesNotContain(Instant.ofEpochMilli(MEASURED).toString());
    }

    @Test
    void aReadingThatDoesNotSayItsSourceTypeIsRedactedToo() throws Exception {
        String json = TestReadings.openAq("s-6", 0, MEASURED, "pm3", 1, "µg/m³")
                .replace("\"sourceType\":\"government\",", "");

        process(record("s-6", "600", TestReadings.utf8(json)));

        DeadLetter d = deadLetters().get(0);
        assertThat(d.errorType).isEqualTo(ErrorType.SCHEMA_MISMATCH);
        assertThat(d.reason).startsWith("parameter is not a known pollutant").doesNotContain("pm3");
        assertThat(new String(d.payload, StandardCharsets.UTF_8)).doesNotContain("s-6").doesNotContain("40.01");
    }

    @Test
    void aMixOfAHundredRecordsLosesNothingAndSortsEachOneCorrectly() throws Exception {
        List<TestRecord> mix = TestReadings.mixed("m-", MIX_SIZE);
        for (int i = 0; i < mix.size(); i++) {
            TestRecord t = mix.get(i);
            process(record(t.partitionKey, t.id, t.payload));
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
        // every invalid record became a dead letter of the expected type, with its bytes when it is exempt
        assertThat(letters).extracting(d -> d.sequenceNumber).containsExactlyElementsOf(
                mix.stream().filter(t -> !t.valid()).map(t -> t.id).collect(Collectors.toList()));
        for (DeadLetter d : letters) {
            TestRecord expected = byId.get(d.sequenceNumber);
            assertThat(d.errorType).as("%s: %s", d.sequenceNumber, d.reason).isEqualTo(expected.expectedError);
            if (ConsentRedaction.provablyExempt(expected.payload, CONSENT)) {
                assertThat(d.payload).as(d.sequenceNumber).isEqualTo(expected.payload);
                assertThat(d.partitionKey).isEqualTo(expected.partitionKey);
            } else {
                assertThat(d.redacted).isTrue();
                assertThat(d.partitionKey).isNull();
            }
        }
        assertThat(letters).as("both kinds").extracting(d -> d.redacted).contains(true, false);
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
