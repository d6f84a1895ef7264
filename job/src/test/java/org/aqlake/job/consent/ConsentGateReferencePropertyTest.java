package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate that keeps held readings in arrival order against the list-shaped gate it replaced, on the
 * same random timelines, with processing time moving too so that readings are also decided by the
 * maximum wait: after every step both have let through the same readings.
 */
class ConsentGateReferencePropertyTest {

    /** Short against the steps of processing time below, so that many readings are decided by the wait. */
    static final Duration MAX_WAIT = Duration.ofMillis(20);
    static final int LONGEST_STEP = 8;
    static final Duration RETENTION = Duration.ofMillis(15);

    @Property(tries = 1000)
    void theArrivalOrderedGateDecidesWhatTheListShapedGateDecidedAtEveryStep(
            @ForAll("timelines") ConsentGatePropertyTest.Timeline tl) throws Exception {
        ConsentRules rules = new ConsentRules(Set.of("government", "research"), MAX_WAIT, RETENTION);
        Random random = new Random(tl.seed);
        List<Object> arrivals = new ArrayList<>(tl.consent);
        arrivals.addAll(tl.readings);
        Collections.shuffle(arrivals, random);

        try (KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> gate =
                        open(new ConsentGate(rules));
                KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> reference =
                        open(new ListShapedConsentGate(rules))) {
            long readingsWatermark = Long.MIN_VALUE;
            long consentWatermark = Long.MIN_VALUE;
            long now = 0;
            for (Object e : arrivals) {
                for (KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h
                        : List.of(gate, reference)) {
                    if (e instanceof Reading) {
                        h.processElement1((Reading) e, ((Reading) e).eventTime);
                    } else {
                        h.processElement2((ConsentRecord) e, ((ConsentRecord) e).lastUpdateDate);
                    }
                }
                int step = random.nextInt(4);
                long nextReadings = Math.max(readingsWatermark, 0) + random.nextInt(ConsentGatePropertyTest.SPAN / 4);
                long nextConsent = Math.max(consentWatermark, 0) + random.nextInt(ConsentGatePropertyTest.SPAN / 4);
                long nextNow = now + random.nextInt(LONGEST_STEP);
                for (KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h
                        : List.of(gate, reference)) {
                    if (step == 1 && nextReadings > readingsWatermark) {
                        h.processWatermark1(new Watermark(nextReadings));
                    } else if (step == 2 && nextConsent > consentWatermark) {
                        h.processWatermark2(new Watermark(nextConsent));
                    } else if (step == 3) {
                        h.setProcessingTime(nextNow);
                    }
                }
                if (step == 1) {
                    readingsWatermark = Math.max(readingsWatermark, nextReadings);
                } else if (step == 2) {
                    consentWatermark = Math.max(consentWatermark, nextConsent);
                } else if (step == 3) {
                    now = nextNow;
                }
                assertThat(passed(gate)).as("%s", tl).isEqualTo(passed(reference));
            }
            for (KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h
                    : List.of(gate, reference)) {
                h.setProcessingTime(now + MAX_WAIT.toMillis());
                h.processWatermark1(Watermark.MAX_WATERMARK);
                h.processWatermark2(Watermark.MAX_WATERMARK);
            }
            assertThat(passed(gate)).as("%s", tl).isEqualTo(passed(reference));
            assertThat(gate.numProcessingTimeTimers()).as("wait timers").isZero();
            assertThat(gate.numEventTimeTimers()).as("event-time timers").isZero();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<ConsentGatePropertyTest.Timeline> timelines() {
        return new ConsentGatePropertyTest().timelines();
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> open(
            KeyedCoProcessFunction<String, Reading, ConsentRecord, Reading> gate) throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(gate),
                        r -> r.deviceId, c -> c.serialNumber, Types.STRING);
        h.open();
        return h;
    }

    static List<String> passed(KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h) {
        return h.extractOutputValues().stream().map(r -> r.sequenceNumber).sorted().collect(Collectors.toList());
    }
}
