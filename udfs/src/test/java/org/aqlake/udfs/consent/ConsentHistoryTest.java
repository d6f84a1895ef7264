package org.aqlake.udfs.consent;

import org.junit.jupiter.api.Test;

import static org.aqlake.udfs.consent.ConsentHistory.NEVER;
import static org.assertj.core.api.Assertions.assertThat;

/** The consent rule on one device's registry records, instant by instant. */
class ConsentHistoryTest {

    // a STEDI-like day, in epoch ms; names say what happens when
    static final long REGISTERED = 1_655_564_376_361L;
    static final long MINUTE = 60_000L;
    static final long GRANTED = REGISTERED + 10 * MINUTE;
    static final long REVOKED = REGISTERED + 20 * MINUTE;
    static final long GRANTED_AGAIN = REGISTERED + 30 * MINUTE;

    @Test
    void withoutAnyRecordThereIsNoRecordInForce() {
        assertThat(new ConsentHistory().verdictAt(GRANTED)).isEqualTo(ConsentVerdict.NO_RECORD);
    }

    @Test
    void aGrantCountsFromItsDateOnInclusive() {
        ConsentHistory h = new ConsentHistory();
        h.apply(GRANTED, GRANTED);

        assertThat(h.verdictAt(GRANTED - 1)).isEqualTo(ConsentVerdict.NO_RECORD);
        assertThat(h.verdictAt(GRANTED)).isEqualTo(ConsentVerdict.GRANTED);
        assertThat(h.verdictAt(GRANTED_AGAIN)).isEqualTo(ConsentVerdict.GRANTED);
    }

    @Test
    void aRecordWithoutConsentDeniesWithoutBeingARevocation() {
        ConsentHistory h = new ConsentHistory();
        h.apply(REGISTERED, NEVER);

        assertThat(h.verdictAt(GRANTED)).isEqualTo(ConsentVerdict.NO_CONSENT);
    }

    @Test
    void aGrantDatedAfterItsRecordCountsOnlyFromThatDate() {
        ConsentHistory h = new ConsentHistory();
        h.apply(REGISTERED, GRANTED);

        assertThat(h.verdictAt(REGISTERED)).isEqualTo(ConsentVerdict.NO_CONSENT);
        assertThat(h.verdictAt(GRANTED - 1)).isEqualTo(ConsentVerdict.NO_CONSENT);
        assertThat(h.verdictAt(GRANTED)).isEqualTo(ConsentVerdict.GRANTED);
    }

    @Test
    void aGrantDatedBeforeItsRecordCountsOnlyFromTheRecord() {
        ConsentHistory h = new ConsentHistory();
        h.apply(GRANTED, REGISTERED);

        assertThat(h.verdictAt(REGISTERED)).isEqualTo(ConsentVerdict.NO_RECORD);
        assertThat(h.verdictAt(GRANTED)).isEqualTo(ConsentVerdict.GRANTED);
    }

    @Test
    void aRevocationEndsConsentFromItsDateOnAndConsentCanBeGivenAgain() {
        ConsentHistory h = new ConsentHistory();
        h.apply(GRANTED, GRANTED);
        h.apply(REVOKED, NEVER);
        h.apply(GRANTED_AGAIN, GRANTED_AGAIN);

        assertThat(h.verdictAt(REVOKED - 1)).isEqualTo(ConsentVerdict.GRANTED);
        assertThat(h.verdictAt(REVOKED)).isEqualTo(ConsentVerdict.REVOKED);
        assertThat(h.verdictAt(GRANTED_AGAIN - 1)).isEqualTo(ConsentVerdict.REVOKED);
        assertThat(h.verdictAt(GRANTED_AGAIN)).isEqualTo(ConsentVerdict.GRANTED);
    }

    @Test
    void updatesThatArriveOutOfOrderGiveTheSameHistory() {
        ConsentHistory inOrder = new ConsentHistory();
        inOrder.apply(GRANTED, GRANTED);
        inOrder.apply(REVOKED, NEVER);
        ConsentHistory reversed = new ConsentHistory();
        reversed.apply(REVOKED, NEVER);
        reversed.apply(GRANTED, GRANTED);

        for (long t = REGISTERED; t <= GRANTED_AGAIN; t += MINUTE) {
            assertThat(reversed.verdictAt(t)).as("at %d", t).isEqualTo(inOrder.verdictAt(t));
        }
        assertThat(reversed.verdictAt(REVOKED)).isEqualTo(ConsentVerdict.REVOKED);
    }

    @Test
    void twoRecordsWrittenAtTheSameInstantCollapseIntoTheMoreRestrictive() {
        ConsentHistory grantFirst = new ConsentHistory();
        grantFirst.apply(GRANTED, GRANTED);
        grantFirst.apply(GRANTED, NEVER);
        ConsentHistory denialFirst = new ConsentHistory();
        denialFirst.apply(GRANTED, NEVER);
        denialFirst.apply(GRANTED, GRANTED);

        assertThat(grantFirst.records()).isEqualTo(1);
        assertThat(grantFirst.verdictAt(REVOKED)).isEqualTo(ConsentVerdict.NO_CONSENT);
        assertThat(denialFirst.verdictAt(REVOKED)).isEqualTo(ConsentVerdict.NO_CONSENT);
    }

    @Test
    void forgettingKeepsTheRecordInForceAtTheHorizonWhenItGrants() {
        ConsentHistory h = new ConsentHistory();
        h.apply(REGISTERED, NEVER);
        h.apply(GRANTED, GRANTED);

        h.forgetBefore(REVOKED);

        assertThat(h.records()).isEqualTo(1);
        assertThat(h.verdictAt(REVOKED)).isEqualTo(ConsentVerdict.GRANTED);
    }

    @Test
    void forgettingDropsADenialInForceAtTheHorizonBecauseNoRecordDeniesJustTheSame() {
        ConsentHistory h = new ConsentHistory();
        h.apply(GRANTED, GRANTED);
        h.apply(REVOKED, NEVER);

        h.forgetBefore(GRANTED_AGAIN);

        assertThat(h.records()).isZero();
        assertThat(h.verdictAt(GRANTED_AGAIN)).isEqualTo(ConsentVerdict.NO_RECORD);
    }

    @Test
    void forgettingKeepsEverythingAfterTheHorizon() {
        ConsentHistory h = new ConsentHistory();
        h.apply(GRANTED, GRANTED);
        h.apply(REVOKED, NEVER);
        h.apply(GRANTED_AGAIN, GRANTED_AGAIN);

        h.forgetBefore(REVOKED - 1);

        assertThat(h.records()).isEqualTo(3);
        assertThat(h.verdictAt(REVOKED)).isEqualTo(ConsentVerdict.REVOKED);
    }

    @Test
    void aFloodOfUpdatesKeepsOnlyTheNewestRecordsAndNeverGrantsMoreThanBefore() {
        ConsentHistory h = new ConsentHistory();
        for (int i = 0; i < 3 * ConsentHistory.MAX_RECORDS; i++) {
            h.apply(REGISTERED + i * MINUTE, i % 2 == 0 ? REGISTERED + i * MINUTE : NEVER);
        }

        assertThat(h.records()).isEqualTo(ConsentHistory.MAX_RECORDS);
        assertThat(h.verdictAt(REGISTERED)).isEqualTo(ConsentVerdict.NO_RECORD);
        long last = REGISTERED + (3L * ConsentHistory.MAX_RECORDS - 1) * MINUTE;
        assertThat(h.verdictAt(last)).isEqualTo(ConsentVerdict.REVOKED);
        assertThat(h.verdictAt(last - MINUTE)).isEqualTo(ConsentVerdict.GRANTED);
    }
}
