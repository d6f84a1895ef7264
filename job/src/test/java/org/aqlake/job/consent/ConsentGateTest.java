package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.aqlake.job.support.TestConsent.community;
import static org.aqlake.job.support.TestConsent.granted;
import static org.aqlake.job.support.TestConsent.withoutConsent;
import static org.assertj.core.api.Assertions.assertThat;

/** Timelines of one or two devices through the keyed gate, with the watermarks of both inputs under test control. */
class ConsentGateTest {

    static final String DEVICE = "50f7b4f3-7af5-4b07-a421-7b902c8d2b7c";
    static final String OTHER_DEVICE = "20400202-c1da-4328-8e94-5bacc7d61ecb";

    static final long MINUTE = 60_000L;
    static final long CONSENT_GIVEN = Instant.parse("2022-06-18T14:30:00Z").toEpochMilli();
    static final long BEFORE_CONSENT = CONSENT_GIVEN - MINUTE;
    static final long AFTER_CONSENT = CONSENT_GIVEN + MINUTE;
    static final long REVOKED = CONSENT_GIVEN + 10 * MINUTE;
    static final long AFTER_REVOCATION = REVOKED + MINUTE;
    static final long GIVEN_AGAIN = CONSENT_GIVEN + 20 * MINUTE;
    static final long AFTER_GIVEN_AGAIN = GIVEN_AGAIN + MINUTE;
    /** Past every time above: both inputs' watermarks here decide everything held. */
    static final long LATER = CONSENT_GIVEN + 60 * MINUTE;

    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final Duration RETENTION = Duration.ofHours(1);
    /** Past LATER plus the retention: every record that no longer grants can be forgotten. */
    static final long MUCH_LATER = LATER + RETENTION.toMillis() + MINUTE;
    static final ConsentRules RULES = new ConsentRules(Set.of("government", "research"), MAX_WAIT, RETENTION);

    KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> harness;

    /** Processing time of the snapshot in the restore tests: the held reading had waited this long. */
    static final long SNAPSHOT_AT = MINUTE;
    /** What the reading still had to wait when the snapshot was taken. */
    static final long REMAINING_WAIT = MAX_WAIT.toMillis() - SNAPSHOT_AT;
    /** The restore comes after a downtime twice the maximum wait. */
    static final long RESTORED_AT = SNAPSHOT_AT + 2 * MAX_WAIT.toMillis();

    static KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> openHarness(
            OperatorSubtaskState restoreFrom) throws Exception {
        return openHarness(new ConsentGate(RULES), restoreFrom, 0L);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> openHarness(
            KeyedCoProcessFunction<String, Reading, ConsentRecord, Reading> gate, OperatorSubtaskState restoreFrom,
            long processingTime) throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, Reading, ConsentRecord, Reading> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(gate),
                        r -> r.deviceId, c -> c.serialNumber, Types.STRING);
        h.setup();
        h.setProcessingTime(processingTime);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    @BeforeEach
    void open() throws Exception {
        harness = openHarness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    void read(Reading r) throws Exception {
        harness.processElement1(r, r.eventTime);
    }

    void consent(ConsentRecord c) throws Exception {
        harness.processElement2(c, c.lastUpdateDate);
    }

    void readingsWatermark(long t) throws Exception {
        harness.processWatermark1(new Watermark(t));
    }

    void consentWatermark(long t) throws Exception {
        harness.processWatermark2(new Watermark(t));
    }

    void bothWatermarks(long t) throws Exception {
        readingsWatermark(t);
        consentWatermark(t);
    }

    List<String> passed() {
        return harness.extractOutputValues().stream().map(r -> r.sequenceNumber).collect(Collectors.toList());
    }

    void assertNothingLeftBehind() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
        assertThat(harness.numProcessingTimeTimers()).as("processing-time timers").isZero();
    }

    // ---------------------------------------------------------------- consent before and after the reading

    @Test
    void consentGivenBeforeTheReadingLetsItPassOnceBothWatermarksPassIt() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));

        assertThat(passed()).as("held until the watermark").isEmpty();
        bothWatermarks(AFTER_CONSENT);

        assertThat(passed()).containsExactly("after");
    }

    @Test
    void aConsentRecordThatArrivesAfterTheReadingStillCoversItBecauseTheReadingWaits() throws Exception {
        read(community("after", DEVICE, AFTER_CONSENT));
        readingsWatermark(LATER);
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consentWatermark(LATER);

        assertThat(passed()).containsExactly("after");
    }

    @Test
    void aReadingIsHeldWhileOnlyTheReadingsWatermarkHasPassedIt() throws Exception {
        read(community("after", DEVICE, AFTER_CONSENT));
        readingsWatermark(LATER);

        assertThat(passed()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consentWatermark(AFTER_CONSENT - 1);
        assertThat(passed()).as("consent watermark one ms short").isEmpty();

        consentWatermark(AFTER_CONSENT);
        assertThat(passed()).containsExactly("after");
    }

    @Test
    void aReadingMeasuredBeforeConsentWasGivenIsDeniedAndOneAtTheInstantOfConsentPasses() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("before", DEVICE, BEFORE_CONSENT));
        read(community("at", DEVICE, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        bothWatermarks(LATER);

        assertThat(passed()).containsExactlyInAnyOrder("at", "after");
    }

    @Test
    void consentGivenAfterTheReadingDoesNotReachBackToIt() throws Exception {
        read(community("before", DEVICE, BEFORE_CONSENT));
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        bothWatermarks(LATER);

        assertThat(passed()).isEmpty();
    }

    @Test
    void aCustomerWithoutShareWithResearchAsOfDateNeverPasses() throws Exception {
        consent(withoutConsent(DEVICE, BEFORE_CONSENT));
        read(community("after", DEVICE, AFTER_CONSENT));
        bothWatermarks(LATER);

        assertThat(passed()).isEmpty();
    }

    @Test
    void aDeviceTheRegistryHasNeverHeardOfNeverPasses() throws Exception {
        consent(granted(OTHER_DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        bothWatermarks(LATER);

        assertThat(passed()).isEmpty();
    }

    // ---------------------------------------------------------------- revocation and consent given again

    @Test
    void aRevocationDeniesReadingsFromItsDateOnButNotBefore() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consent(withoutConsent(DEVICE, REVOKED));
        read(community("after-consent", DEVICE, AFTER_CONSENT));
        read(community("at-revocation", DEVICE, REVOKED));
        read(community("after-revocation", DEVICE, AFTER_REVOCATION));
        bothWatermarks(LATER);

        assertThat(passed()).containsExactly("after-consent");
    }

    @Test
    void consentGivenAgainAfterARevocationLetsLaterReadingsPass() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consent(withoutConsent(DEVICE, REVOKED));
        consent(granted(DEVICE, GIVEN_AGAIN, GIVEN_AGAIN));
        read(community("after-consent", DEVICE, AFTER_CONSENT));
        read(community("after-revocation", DEVICE, AFTER_REVOCATION));
        read(community("after-given-again", DEVICE, AFTER_GIVEN_AGAIN));
        bothWatermarks(LATER);

        assertThat(passed()).containsExactlyInAnyOrder("after-consent", "after-given-again");
    }

    @Test
    void consentUpdatesThatArriveOutOfOrderAreAppliedByTheirLastUpdateDate() throws Exception {
        read(community("after-consent", DEVICE, AFTER_CONSENT));
        read(community("after-revocation", DEVICE, AFTER_REVOCATION));
        read(community("after-given-again", DEVICE, AFTER_GIVEN_AGAIN));
        consent(granted(DEVICE, GIVEN_AGAIN, GIVEN_AGAIN));
        consent(withoutConsent(DEVICE, REVOKED));
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        bothWatermarks(LATER);

        assertThat(passed()).containsExactlyInAnyOrder("after-consent", "after-given-again");
    }

    @Test
    void anOlderRecordArrivingLateDoesNotUndoANewerRevocation() throws Exception {
        consent(withoutConsent(DEVICE, REVOKED));
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after-revocation", DEVICE, AFTER_REVOCATION));
        bothWatermarks(LATER);

        assertThat(passed()).isEmpty();
    }

    @Test
    void devicesAreDecidedEachByTheirOwnConsent() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consent(withoutConsent(OTHER_DEVICE, CONSENT_GIVEN));
        read(community("mine", DEVICE, AFTER_CONSENT));
        read(community("other", OTHER_DEVICE, AFTER_CONSENT));
        bothWatermarks(LATER);

        assertThat(passed()).containsExactly("mine");
    }

    // ---------------------------------------------------------------- late readings and the maximum wait

    @Test
    void aReadingBehindTheWatermarkIsDecidedAtOnce() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        bothWatermarks(LATER);
        read(community("late", DEVICE, AFTER_CONSENT));
        read(community("late-before", DEVICE, BEFORE_CONSENT));

        assertThat(passed()).containsExactly("late");
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void afterTheMaximumWaitAKnownGrantPasses() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        readingsWatermark(LATER);

        harness.setProcessingTime(MAX_WAIT.toMillis() - 1);
        assertThat(passed()).isEmpty();
        harness.setProcessingTime(MAX_WAIT.toMillis());

        assertThat(passed()).containsExactly("after");
    }

    @Test
    void afterTheMaximumWaitAReadingWithoutAnyKnownRecordIsDeniedAndLeavesNothingBehind() throws Exception {
        read(community("after", DEVICE, AFTER_CONSENT));
        readingsWatermark(LATER);
        harness.setProcessingTime(MAX_WAIT.toMillis());

        assertThat(passed()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void eachReadingWaitsItsOwnMaximumFromWhenItArrived() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("first", DEVICE, AFTER_CONSENT));
        harness.setProcessingTime(MINUTE);
        read(community("second", DEVICE, AFTER_CONSENT + 1));

        harness.setProcessingTime(MAX_WAIT.toMillis());
        assertThat(passed()).containsExactly("first");
        harness.setProcessingTime(MINUTE + MAX_WAIT.toMillis());
        assertThat(passed()).containsExactly("first", "second");
    }

    @Test
    void aDecisionOnTheWatermarkCancelsTheReadingsWaitTimer() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        bothWatermarks(AFTER_CONSENT);

        assertThat(passed()).containsExactly("after");
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    // ---------------------------------------------------------------- state and timers back to zero

    @Test
    void aDeviceWhoseConsentEndedLeavesNoStateAndNoTimersOnceTheRetentionHasPassed() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consent(withoutConsent(DEVICE, REVOKED));
        read(community("after-consent", DEVICE, AFTER_CONSENT));
        read(community("after-revocation", DEVICE, AFTER_REVOCATION));
        // the history, and the held readings with their event-time index and arrival queue
        assertThat(harness.numKeyedStateEntries()).as("history and held readings").isEqualTo(4);

        bothWatermarks(LATER);
        assertThat(passed()).containsExactly("after-consent");
        assertThat(harness.numKeyedStateEntries()).as("the history, kept for late readings").isEqualTo(1);

        bothWatermarks(MUCH_LATER);
        assertNothingLeftBehind();
    }

    @Test
    void aDeviceThatNeverConsentedLeavesNothingBehind() throws Exception {
        consent(withoutConsent(DEVICE, BEFORE_CONSENT));
        read(community("after", DEVICE, AFTER_CONSENT));
        bothWatermarks(MUCH_LATER);

        assertThat(passed()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void aConsentStillInForceIsTheOnlyThingKeptAndItsSupersededRecordsAreForgotten() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consent(withoutConsent(DEVICE, REVOKED));
        consent(granted(DEVICE, GIVEN_AGAIN, GIVEN_AGAIN));
        read(community("after-given-again", DEVICE, AFTER_GIVEN_AGAIN));
        bothWatermarks(MUCH_LATER);

        assertThat(passed()).containsExactly("after-given-again");
        assertThat(harness.numKeyedStateEntries()).as("one history").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        read(community("late", DEVICE, MUCH_LATER - RETENTION.toMillis()));
        assertThat(passed()).as("a late reading within the retention is still decided")
                .containsExactly("after-given-again", "late");
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    void heldReadingsAndConsentHistorySurviveACheckpointAndRestore() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        read(community("after-revocation", DEVICE, AFTER_REVOCATION));
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = openHarness(checkpoint);
        consent(withoutConsent(DEVICE, REVOKED));
        bothWatermarks(LATER);

        assertThat(passed()).containsExactly("after");
    }

    @Test
    void aDowntimeLongerThanTheMaximumWaitDoesNotDenyAHeldReadingBeforeTheConsentBacklogIsReRead() throws Exception {
        read(community("after", DEVICE, AFTER_CONSENT)); // held at processing time 0; its consent not read yet
        harness.setProcessingTime(SNAPSHOT_AT);
        OperatorSubtaskState checkpoint = harness.snapshot(1L, SNAPSHOT_AT);
        harness.close();

        harness = openHarness(new ConsentGate(RULES), checkpoint, RESTORED_AT);
        harness.setProcessingTime(RESTORED_AT + 1); // restored timers that are overdue have fired by now
        assertThat(harness.numKeyedStateEntries()).as("still held").isPositive();

        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN)); // the registry, re-read from the checkpoint
        bothWatermarks(AFTER_CONSENT);

        assertThat(passed()).containsExactly("after");
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).as("the history's trimming timer").isEqualTo(1);
    }

    @Test
    void afterARestoreAHeldReadingWaitsWhatItStillHadToWaitWhenTheSnapshotWasTaken() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        readingsWatermark(LATER); // the consent input's watermark stalls
        harness.setProcessingTime(SNAPSHOT_AT);
        OperatorSubtaskState checkpoint = harness.snapshot(1L, SNAPSHOT_AT);
        harness.close();

        harness = openHarness(new ConsentGate(RULES), checkpoint, RESTORED_AT);
        harness.setProcessingTime(RESTORED_AT + REMAINING_WAIT - 1);
        assertThat(passed()).as("one ms before the remaining wait is over").isEmpty();

        harness.setProcessingTime(RESTORED_AT + REMAINING_WAIT);
        assertThat(passed()).containsExactly("after");
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void theWaitClockStopsForEveryDowntimeNotOnlyTheLast() throws Exception {
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        read(community("after", DEVICE, AFTER_CONSENT));
        harness.setProcessingTime(SNAPSHOT_AT);
        OperatorSubtaskState first = harness.snapshot(1L, SNAPSHOT_AT);
        harness.close();
        harness = openHarness(new ConsentGate(RULES), first, RESTORED_AT);
        OperatorSubtaskState second = harness.snapshot(2L, RESTORED_AT); // taken at once, nothing waited since
        harness.close();

        long restoredAgain = RESTORED_AT + 2 * MAX_WAIT.toMillis();
        harness = openHarness(new ConsentGate(RULES), second, restoredAgain);
        harness.setProcessingTime(restoredAgain + REMAINING_WAIT - 1);
        assertThat(passed()).isEmpty();
        harness.setProcessingTime(restoredAgain + REMAINING_WAIT);
        assertThat(passed()).containsExactly("after");
    }

    @Test
    void readingsHeldInTheListShapedStateOfEarlierReleasesAreDecidedAfterTheUpgrade() throws Exception {
        harness.close();
        harness = openHarness(new ListShapedConsentGate(RULES), null, 0L);
        read(community("after", DEVICE, AFTER_CONSENT));
        read(community("waits", OTHER_DEVICE, LATER));
        OperatorSubtaskState savepoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = openHarness(savepoint);
        consent(granted(DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        consent(granted(OTHER_DEVICE, CONSENT_GIVEN, CONSENT_GIVEN));
        bothWatermarks(AFTER_CONSENT);
        assertThat(passed()).as("decided on the watermark").containsExactly("after");

        readingsWatermark(MUCH_LATER); // the consent input's watermark stalls: the other reading waits
        harness.setProcessingTime(MAX_WAIT.toMillis() - 1);
        assertThat(passed()).containsExactly("after");
        harness.setProcessingTime(MAX_WAIT.toMillis());
        assertThat(passed()).as("decided after its wait, from when it arrived").containsExactly("after", "waits");
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the two histories, nothing held").isEqualTo(2);
    }
}
