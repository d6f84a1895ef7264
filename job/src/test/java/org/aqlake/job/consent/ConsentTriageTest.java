package org.aqlake.job.consent;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.aqlake.job.model.Reading;
import org.aqlake.job.support.HarnessMetrics;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.aqlake.job.support.TestConsent.reading;
import static org.assertj.core.api.Assertions.assertThat;

/** Which readings pass at once, which go to the keyed gate, and which are denied before any state is touched. */
class ConsentTriageTest {

    static final long MEASURED = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final String DEVICE = "sensor-7";
    static final ConsentRules DEFAULT_RULES = new ConsentRules(
            ConsentRules.sourceTypes("government,research"), Duration.ofMinutes(10), Duration.ofDays(1));

    static final class Outcome {
        final List<String> passed = new ArrayList<>();
        final List<String> gated = new ArrayList<>();
    }

    static Outcome triage(ConsentRules rules, boolean registry, Reading... readings) throws Exception {
        try (OneInputStreamOperatorTestHarness<Reading, Reading> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ConsentTriage(rules, registry))) {
            for (Reading r : readings) {
                h.processElement(r, r.eventTime);
            }
            Outcome o = new Outcome();
            o.passed.addAll(h.extractOutputValues().stream().map(r -> r.sequenceNumber).collect(Collectors.toList()));
            if (h.getSideOutput(ConsentTriage.NEEDS_CONSENT) != null) {
                for (StreamRecord<Reading> r : h.getSideOutput(ConsentTriage.NEEDS_CONSENT)) {
                    o.gated.add(r.getValue().sequenceNumber);
                }
            }
            return o;
        }
    }

    @Test
    void governmentAndResearchReadingsPassWithoutConsentWithOrWithoutADeviceId() throws Exception {
        Outcome o = triage(DEFAULT_RULES, true,
                reading("gov", null, MEASURED, "government"),
                reading("gov-device", DEVICE, MEASURED, "government"),
                reading("research", null, MEASURED, "research"),
                reading("shouting", null, MEASURED, " Research "));

        assertThat(o.passed).containsExactly("gov", "gov-device", "research", "shouting");
        assertThat(o.gated).isEmpty();
    }

    @Test
    void aCommunityReadingWithoutADeviceIdNeverPasses() throws Exception {
        Outcome o = triage(DEFAULT_RULES, true,
                reading("none", null, MEASURED, "community"),
                reading("blank", "  ", MEASURED, "community"));

        assertThat(o.passed).isEmpty();
        assertThat(o.gated).isEmpty();
    }

    @Test
    void anotherOrAMissingSourceTypeWithoutADeviceIdFailsClosed() throws Exception {
        Outcome o = triage(DEFAULT_RULES, true,
                reading("other", null, MEASURED, "other"),
                reading("untyped", null, MEASURED, null));

        assertThat(o.passed).isEmpty();
        assertThat(o.gated).isEmpty();
    }

    @Test
    void everyNonExemptReadingWithADeviceIdGoesToTheGate() throws Exception {
        Outcome o = triage(DEFAULT_RULES, true,
                reading("community", DEVICE, MEASURED, "community"),
                reading("other", DEVICE, MEASURED, "other"),
                reading("untyped", DEVICE, MEASURED, null));

        assertThat(o.passed).isEmpty();
        assertThat(o.gated).containsExactly("community", "other", "untyped");
    }

    @Test
    void withoutAnyConsentRegistryEveryNonExemptReadingIsDeniedAtOnce() throws Exception {
        Outcome o = triage(DEFAULT_RULES, false,
                reading("community", DEVICE, MEASURED, "community"),
                reading("gov", null, MEASURED, "government"));

        assertThat(o.passed).containsExactly("gov");
        assertThat(o.gated).isEmpty();
    }

    @Test
    void theExemptSetIsConfigurable() throws Exception {
        ConsentRules onlyGovernment = new ConsentRules(Set.of("government"), Duration.ofMinutes(10), Duration.ofDays(1));

        Outcome o = triage(onlyGovernment, true,
                reading("gov", null, MEASURED, "government"),
                reading("research", null, MEASURED, "research"),
                reading("research-device", DEVICE, MEASURED, "research"));

        assertThat(o.passed).containsExactly("gov");
        assertThat(o.gated).containsExactly("research-device");
    }

    @Test
    void everyDenialIsCountedUnderItsReason() throws Exception {
        HarnessMetrics metrics = new HarnessMetrics();
        try (OneInputStreamOperatorTestHarness<Reading, Reading> h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ConsentTriage(DEFAULT_RULES, false)), metrics.environment())) {
            h.open();
            for (Reading r : new Reading[] {
                    reading("community", null, MEASURED, "community"),
                    reading("untyped", null, MEASURED, null),
                    reading("device", DEVICE, MEASURED, "community"),
                    reading("gov", null, MEASURED, "government")}) {
                h.processElement(r, r.eventTime);
            }
        }

        assertThat(metrics.counter(denied(ConsentDenial.NO_DEVICE_ID))).isEqualTo(2);
        assertThat(metrics.counter(denied(ConsentDenial.NO_CONSENT))).isEqualTo(1);
        assertThat(metrics.counter(denied(ConsentDenial.REVOKED))).isZero();
    }

    static String denied(ConsentDenial reason) {
        return "kinesisanalytics." + MetricNames.DENIAL_REASON + "." + reason.id() + "." + MetricNames.CONSENT_DENIED;
    }
}
