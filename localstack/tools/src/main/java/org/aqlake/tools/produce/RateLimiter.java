package org.aqlake.tools.produce;

/**
 * Paces records evenly at a rate: each record gets the next slot, one interval after the previous one.
 * A producer that fell behind (a slow PutRecords) catches up by at most one second's worth, so it never
 * sends a burst far above the rate.
 */
final class RateLimiter {

    private final long intervalNanos;
    private long nextSlot;
    private boolean started;

    /** @param perSecond records a second; 0 for no limit */
    RateLimiter(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("rate " + perSecond + " must not be negative");
        }
        this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    }

    /** How long to wait at {@code now} before the next record may go; reserves that record's slot. */
    long reserve(long now) {
        if (intervalNanos == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            nextSlot = now;
        }
        nextSlot = Math.max(nextSlot, now - 1_000_000_000L + intervalNanos);
        long wait = Math.max(0, nextSlot - now);
        nextSlot += intervalNanos;
        return wait;
    }

    void acquire() throws InterruptedException {
        long wait = reserve(System.nanoTime());
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
