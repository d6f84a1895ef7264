package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.support.TestConsent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random timelines through the real gate, compared with a reference model of the consent rule written
 * here from the README's wording. The arrival order of readings and consent records is random, and so
 * are the watermarks; the only promise kept is the watermark's own (no consent record arrives after its
 * input's watermark has passed it). Whatever the interleaving, exactly the readings the model lets
 * through pass, and nothing but the consent still in force is left in state.
 */
class ConsentGatePropertyTest {

    static final List<String> DEVICES = List.of("device-a", "device-b", "device-c");
    /** Event times are small numbers, so that records, readings and watermarks collide often. */
    static final int SPAN = 100;
    static final long BEYOND_EVERYTHING = 3L * SPAN;
    /** Far longer than the span: late readings are always within the retention. */
    static final Duration LONG_RETENTION = Duration.ofDays(1);
    /** Shorter than the span: history is trimmed while readings are still being decided. */
    static final Duration SHORT_RETENTION = Duration.ofMillis(15);
    static final Duration MAX_WAIT = Duration.ofHours(1);

    /** One random timeline: what is sent, and the seed of its interleaving and watermarks. */
    static final class Timeline {
        final List<ConsentRecord> consent;
        final List<Reading> readings;
        final long seed;

        Timeline(List<ConsentRecord> consent, List<Reading> readings, long seed) {
            this.consent = consent;
            this.readings = new ArrayList<>();
            for (int i = 0; i < readings.size(); i++) {
                Reading r = readings.get(i);
                this.readings.add(TestConsent.community("r" + i, r.deviceId, r.eventTime));
            }
            this.seed = seed;
        }

        @Override
        public String toString() {
            return "consent=" + consent + ", readings=" + readings.stream()
                    .map(r -> r.sequenceNumber + ":" + r.deviceId + "@" + r.eventTime).collect(Collectors.toList())
                    + ", seed=" + seed;
        }
    }

    // ---------------------------------------------------------------- the reference model

    /**
     * The rule, read literally: the record in force at t is the one with the latest lastUpdateDate on or
     * before t (of two written at the same instant, the one that grants less); consent is in force iff
     * it carries a shareWithResearchAsOfDate on or before t.
     */
    static boolean modelPasses(List<ConsentRecord> registry, String device, long t) {
        ConsentRecord inForce = null;
        for (ConsentRecord c : registry) {
            if (c.serialNumber.equals(device) && c.lastUpdateDate <= t
                    && (inForce == null || c.lastUpdateDate > inForce.lastUpdateDate
                            || c.lastUpdateDate == inForce.lastUpdateDate && grantsLess(c, inForce))) {
                inForce = c;
            }
        }
        return inForce != null && inForce.shareWithResearchAsOfDate != null && inForce.shareWithResearchAsOfDate <= t;
    }

    static boolean grantsLess(ConsentRecord a, ConsentRecord b) {
        return a.shareWithResearchAsOfDate == null
                || b.shareWithResearchAsOfDate != null && a.shareWithResearchAsOfDate > b.shareWithResearchAsOfDate;
    }

    /** Devices whose newest record still grants: the only state that may outlive the timeline. */
    static long devicesStillConsenting(List<ConsentRecord> registry) {
        return DEVICES.stream().filter(d -> modelPasses(registry, d, Long.MAX_VALUE - 1)).count();
    }

    // ---------------------------------------------------------------- the properties

    @Property(tries = 1000)
    void theGateLetsThroughExactlyWhatTheModelDoesWhateverTheInterleavingAndHowLateTheReadings(
            @ForAll("timelines") Timeline timeline) throws Exception {
        check(timeline, LONG_RETENTION, false);
    }

    @Property(tries = 1000)
    void trimmingTheHistoryBehindTheWatermarkNeverChangesADecisionOnTime(@ForAll("timelines") Timeline timeline)
            throws Exception {
        check(timeline, SHORT_RETENTION, true);
    }

    void check(Timeline tl, Duration retention, boolean readingsOnTime) throws Exception {
        ConsentRules rules = new ConsentRules(Set.of("government", "research"), MAX_WAIT, retention);
        Random random = new Random(tl.seed);
        List<Object> arrivals = new ArrayList<>(tl.consent);
        arrivals.addAll(tl.readings);
        Collections.shuffle(arrivals, random);
        List<ConsentRecord> consentToCome = new ArrayList<>(tl.consent);
        List<Reading> readingsToCome = new ArrayList<>(tl.readings);

        try (KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new ConsentGate(rules)),
                        r -> r.deviceId, c -> c.serialNumber, Types.STRING)) {
            h.open();
            long readingsWatermark = Long.MIN_VALUE;
            long consentWatermark = Long.MIN_VALUE;
            for (Object e : arrivals) {
                if (e instanceof Reading) {
                    Reading r = (Reading) e;
                    readingsToCome.remove(r);
                    h.processElement1(r, r.eventTime);
                } else {
                    ConsentRecord c = (ConsentRecord) e;
                    consentToCome.remove(c);
                    h.processElement2(c, c.lastUpdateDate);
                }
                if (random.nextInt(3) == 0) {
                    long safe = consentToCome.stream().mapToLong(c -> c.lastUpdateDate).min().orElse(BEYOND_EVERYTHING) - 1;
                    long next = consentWatermark == Long.MIN_VALUE ? safe - random.nextInt(10) : safe;
                    if (next > consentWatermark) {
                        consentWatermark = next;
                        h.processWatermark2(new Watermark(consentWatermark));
                    }
                }
                if (random.nextInt(3) == 0) {
                    long next = readingsOnTime
                            ? readingsToCome.stream().mapToLong(r -> r.eventTime).min().orElse(BEYOND_EVERYTHING) - 1
                            : Math.max(readingsWatermark, 0) + random.nextInt(SPAN / 3);
                    if (next > readingsWatermark) {
                        readingsWatermark = next;
                        h.processWatermark1(new Watermark(readingsWatermark));
                    }
                }
            }
            h.processWatermark1(Watermark.MAX_WATERMARK);
            h.processWatermark2(Watermark.MAX_WATERMARK);

            List<String> expected = tl.readings.stream()
                    .filter(r -> modelPasses(tl.consent, r.deviceId, r.eventTime))
                    .map(r -> r.sequenceNumber).sorted().collect(Collectors.toList());
            List<String> passed = h.extractOutputValues().stream().map(r -> r.sequenceNumber).sorted()
                    .collect(Collectors.toList());
            assertThat(passed).as("%s", tl).isEqualTo(expected);
            assertThat(new HashSet<>(passed)).as("no duplicates").hasSize(passed.size());
            assertThat(h.numEventTimeTimers()).as("event-time timers").isZero();
            assertThat(h.numProcessingTimeTimers()).as("processing-time timers").isZero();
            assertThat((long) h.numKeyedStateEntries()).as("keyed state: %s", tl)
                    .isEqualTo(devicesStillConsenting(tl.consent));
        }
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Timeline> timelines() {
        Arbitrary<String> device = Arbitraries.of(DEVICES);
        Arbitrary<ConsentRecord> record = Combinators.combine(device, Arbitraries.longs().between(0, SPAN),
                        Arbitraries.longs().between(-5, 15), Arbitraries.of(true, true, false))
                .as((d, updated, offset, grants) ->
                        new ConsentRecord(d, grants ? Math.max(0, updated + offset) : null, updated));
        Arbitrary<Reading> reading = Combinators.combine(device, Arbitraries.longs().between(0, SPAN + 10))
                .as((d, t) -> TestConsent.community("", d, t));
        return Combinators.combine(record.list().ofMaxSize(8), reading.list().ofMinSize(1).ofMaxSize(12),
                        Arbitraries.longs())
                .as(Timeline::new);
    }
}
