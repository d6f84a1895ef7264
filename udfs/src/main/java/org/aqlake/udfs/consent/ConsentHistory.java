package org.aqlake.udfs.consent;

import java.util.Arrays;

/**
 * The consent registry's records for one device, reduced to what the consent rule needs, and the rule
 * itself.
 *
 * <p>A registry record is STEDI-shaped: {@code lastUpdateDate} U (when the record was written) and an
 * optional {@code shareWithResearchAsOfDate} S. A later record replaces an earlier one. So the record
 * <em>in force</em> at instant t is the one with the greatest U on or before t, and consent is in force
 * at t if, and only if, that record carries an S on or before t. A record without S revokes from its U
 * on; a grant counts from max(S, U): a record cannot change what was decided before it was written,
 * which is what makes the outcome independent of when the record happens to arrive. Two records with
 * the same U collapse into the more restrictive one (the later S; no S is the latest).
 *
 * <p>Kept sorted by U in three parallel primitive arrays: a Flink POJO (public fields, no-arg
 * constructor) whose fields Flink serializes natively, never with Kryo. Plain Java otherwise, so the
 * rule can be tested, and reused, without Flink.
 */
public class ConsentHistory {

    /** {@link #grantedFrom} of a record that gives no consent. */
    public static final long NEVER = Long.MAX_VALUE;

    /**
     * Records kept per device. Consent changes are rare, and {@link #forgetBefore} drops what can no
     * longer matter; the cap only stops a registry flooded with updates for one device from growing
     * its state without end. Dropping the oldest record can only turn a pass into a denial.
     */
    public static final int MAX_RECORDS = 32;

    /** The records' {@code lastUpdateDate}, ascending, distinct. */
    public long[] updatedAt = new long[0];

    /** The records' {@code shareWithResearchAsOfDate}, or {@link #NEVER}. */
    public long[] grantedFrom = new long[0];

    /**
     * Whether consent was in force just before the record took over, so that a denial under it is a
     * revocation. Stored rather than derived, because the record before may already be forgotten.
     */
    public boolean[] revokes = new boolean[0];

    public ConsentHistory() {}

    public int records() {
        return updatedAt.length;
    }

    /** Adds one registry record, in any order: an update that arrives late lands in its place. */
    public void apply(long lastUpdate, long grantedFromOrNever) {
        int i = Arrays.binarySearch(updatedAt, lastUpdate);
        if (i >= 0) {
            grantedFrom[i] = Math.max(grantedFrom[i], grantedFromOrNever);
        } else {
            i = -i - 1;
            updatedAt = insert(updatedAt, i, lastUpdate);
            grantedFrom = insert(grantedFrom, i, grantedFromOrNever);
            revokes = insert(revokes, i);
        }
        refreshRevokes(i);
        refreshRevokes(i + 1);
        if (updatedAt.length > MAX_RECORDS) {
            dropOldest(updatedAt.length - MAX_RECORDS);
        }
    }

    /** The consent rule at instant t. */
    public ConsentVerdict verdictAt(long t) {
        int k = inForceAt(t);
        if (k < 0) {
            return ConsentVerdict.NO_RECORD;
        }
        if (grantedFrom[k] <= t) {
            return ConsentVerdict.GRANTED;
        }
        return revokes[k] ? ConsentVerdict.REVOKED : ConsentVerdict.NO_CONSENT;
    }

    /**
     * Forgets what no verdict at or after {@code horizon} needs: every record before the one in force at
     * the horizon, and that one too when it gives no consent (no record at all denies just the same).
     * Verdicts before the horizon may turn into {@link ConsentVerdict#NO_RECORD}, never into a grant.
     */
    public void forgetBefore(long horizon) {
        int k = inForceAt(horizon);
        if (k < 0) {
            return;
        }
        dropOldest(grantedFrom[k] == NEVER ? k + 1 : k);
    }

    /** Index of the record with the greatest lastUpdateDate on or before t, or -1. */
    private int inForceAt(long t) {
        int i = Arrays.binarySearch(updatedAt, t);
        return i >= 0 ? i : -i - 2;
    }

    private void refreshRevokes(int k) {
        if (k > 0 && k < updatedAt.length) {
            revokes[k] = grantedFrom[k - 1] < updatedAt[k];
        }
    }

    private void dropOldest(int n) {
        if (n <= 0) {
            return;
        }
        updatedAt = Arrays.copyOfRange(updatedAt, n, updatedAt.length);
        grantedFrom = Arrays.copyOfRange(grantedFrom, n, grantedFrom.length);
        revokes = Arrays.copyOfRange(revokes, n, revokes.length);
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    private static boolean[] insert(boolean[] a, int at) {
        boolean[] out = new boolean[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ConsentHistory[");
        for (int i = 0; i < updatedAt.length; i++) {
            s.append(i == 0 ? "" : ", ").append(updatedAt[i]).append(grantedFrom[i] == NEVER ? ":none" : ":" + grantedFrom[i]);
        }
        return s.append(']').toString();
    }
}
