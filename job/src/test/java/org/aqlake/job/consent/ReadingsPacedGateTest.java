package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.aqlake.job.consent.ConsentGateTest.AFTER_CONSENT;
import static org.aqlake.job.consent.ConsentGateTest.CONSENT_GIVEN;
import static org.aqlake.job.consent.ConsentGateTest.DEVICE;
import static org.aqlake.job.consent.ConsentGateTest.LATER;
import static org.aqlake.job.consent.ConsentGateTest.RULES;
import static org.aqlake.job.support.TestConsent.community;
import static org.aqlake.job.support.TestConsent.granted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's event time when the readings go quiet: it must wait for them, never take the registry's
 * watermark (the end of event time, once a bootstrap-only registry has been read) as its own.
 */
class ReadingsPacedGateTest {

    KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(new ReadingsPacedGate(new ConsentGate(RULES)),
                r -> r.deviceId, c -> c.serialNumber, Types.STRING);
        harness.setup();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    List<Long> watermarks() {
        return harness.getOutput().stream().filter(e -> e instanceof Watermark)
                .map(e -> ((Watermark) e).getTimestamp()).collect(Collectors.toList());
    }

    List<String> passed() {
        return harness.extractOutputValues().stream().map(r -> r.sequenceNumber).collect(Collectors.toList());
    }

    @Test
    void idleReadingsAfterTheBootstrapEndedLeaveTheGateAtTheReadingsWatermark() throws Exception {
        harness.processElement2(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN), CONSENT_GIVEN);
        harness.processElement1(community("later", DEVICE, LATER), LATER);
        harness.processWatermark1(new Watermark(AFTER_CONSENT));
        harness.processWatermark2(Watermark.MAX_WATERMARK); // the bootstrap snapshot read to its end

        harness.processWatermarkStatus1(WatermarkStatus.IDLE); // every reading quiet for the idleness

        assertThat(watermarks()).containsExactly(AFTER_CONSENT);
        assertThat(passed()).as("held until the readings' time passes it").isEmpty();
    }

    @Test
    void whenTheReadingsSpeakAgainTheGateFollowsThem() throws Exception {
        harness.processElement2(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN), CONSENT_GIVEN);
        harness.processElement1(community("later", DEVICE, LATER), LATER);
        harness.processWatermark1(new Watermark(AFTER_CONSENT));
        harness.processWatermark2(Watermark.MAX_WATERMARK);
        harness.processWatermarkStatus1(WatermarkStatus.IDLE);

        harness.processWatermarkStatus1(WatermarkStatus.ACTIVE);
        harness.processWatermark1(new Watermark(LATER));

        assertThat(watermarks()).containsExactly(AFTER_CONSENT, LATER);
        assertThat(passed()).containsExactly("later");
    }

    @Test
    void anIdleRegistryHoldsNothingBack() throws Exception {
        harness.processWatermark2(new Watermark(CONSENT_GIVEN));
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);

        harness.processWatermark1(new Watermark(LATER));

        assertThat(watermarks()).containsExactly(LATER);
    }

    @Test
    void bothInputsSpeakingGiveTheSmallerWatermark() throws Exception {
        harness.processWatermark1(new Watermark(LATER));
        harness.processWatermark2(new Watermark(AFTER_CONSENT));

        assertThat(watermarks()).containsExactly(AFTER_CONSENT);
    }
}
