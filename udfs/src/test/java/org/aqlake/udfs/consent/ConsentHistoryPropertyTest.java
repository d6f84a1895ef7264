package org.aqlake.udfs.consent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted, collapsed history gives, at every instant, the verdict of the rule applied naively to all
 * records, whatever order the records were applied in.
 */
class ConsentHistoryPropertyTest {

    /** A small time range, so that records and instants collide often. */
    static final int SPAN = 60;

    static final class Rec {
        final long updated;
        final long grantedFrom;

        Rec(long updated, long grantedFrom) {
            this.updated = updated;
            this.grantedFrom = grantedFrom;
        }

        @Override
        public String toString() {
            return updated + (grantedFrom == ConsentHistory.NEVER ? ":none" : ":" + grantedFrom);
        }
    }

    /** The rule as job/README.md states it, over every record ever written; no sorting, no collapsing state. */
    static ConsentVerdict reference(List<Rec> records, long t) {
        Rec inForce = latestAtOrBefore(records, t);
        if (inForce == null) {
            return ConsentVerdict.NO_RECORD;
        }
        if (inForce.grantedFrom <= t) {
            return ConsentVerdict.GRANTED;
        }
        Rec before = latestAtOrBefore(records, inForce.updated - 1);
        return before != null && before.grantedFrom < inForce.updated ? ConsentVerdict.REVOKED : ConsentVerdict.NO_CONSENT;
    }

    /** The record with the greatest update on or before t; of equals, the latest grant (no grant is latest). */
    static Rec latestAtOrBefore(List<Rec> records, long t) {
        Rec best = null;
        for (Rec r : records) {
            if (r.updated <= t && (best == null || r.updated > best.updated
                    || r.updated == best.updated && r.grantedFrom > best.grantedFrom)) {
                best = r;
            }
        }
        return best;
    }

    @Provide
    Arbitrary<List<Rec>> registries() {
        Arbitrary<Long> updated = Arbitraries.longs().between(0, SPAN);
        Arbitrary<Long> offset = Arbitraries.longs().between(-5, 10);
        Arbitrary<Boolean> grants = Arbitraries.of(true, true, false);
        return Combinators.combine(updated, offset, grants)
                .as((u, o, g) -> new Rec(u, g ? Math.max(0, u + o) : ConsentHistory.NEVER))
                .list().ofMinSize(0).ofMaxSize(12);
    }

    @Property(tries = 1000)
    void theHistoryAgreesWithTheRuleAtEveryInstantWhateverTheArrivalOrder(
            @ForAll("registries") List<Rec> records, @ForAll long shuffleSeed) {
        List<Rec> arrival = new ArrayList<>(records);
        Collections.shuffle(arrival, new Random(shuffleSeed));
        ConsentHistory h = new ConsentHistory();
        for (Rec r : arrival) {
            h.apply(r.updated, r.grantedFrom);
        }

        for (long t = -1; t <= SPAN + 12; t++) {
            assertThat(h.verdictAt(t)).as("at %d, records %s", t, records).isEqualTo(reference(records, t));
        }
    }

    @Property(tries = 1000)
    void forgettingNeverChangesAVerdictAtOrAfterTheHorizonExceptToSayNoRecordForADenial(
            @ForAll("registries") List<Rec> records, @ForAll("horizons") long horizon) {
        ConsentHistory h = new ConsentHistory();
        for (Rec r : records) {
            h.apply(r.updated, r.grantedFrom);
        }

        h.forgetBefore(horizon);

        for (long t = horizon; t <= SPAN + 12; t++) {
            ConsentVerdict expected = reference(records, t);
            ConsentVerdict actual = h.verdictAt(t);
            if (expected == ConsentVerdict.GRANTED) {
                assertThat(actual).as("at %d", t).isEqualTo(ConsentVerdict.GRANTED);
            } else {
                assertThat(actual).as("at %d", t).isIn(expected, ConsentVerdict.NO_RECORD);
            }
        }
        for (long t = -1; t < horizon; t++) {
            if (h.verdictAt(t) == ConsentVerdict.GRANTED) {
                assertThat(reference(records, t)).as("before the horizon, at %d", t).isEqualTo(ConsentVerdict.GRANTED);
            }
        }
    }

    @Provide
    Arbitrary<Long> horizons() {
        return Arbitraries.longs().between(-1, SPAN + 12);
    }
}
