package org.aqlake.tools.produce;

import java.util.Locale;

/** What the producer has done so far, for the progress line and the final report. */
public final class ProducerStats {

    private final long startNanos = System.nanoTime();
    private long sent;
    private long retried;
    private long failed;
    private long skipped;

    synchronized void sent(long n) {
        sent += n;
    }

    synchronized void retried(long n) {
        retried += n;
    }

    synchronized void failed(long n) {
        failed += n;
    }

    synchronized void skipped(long n) {
        skipped += n;
    }

    public synchronized long sent() {
        return sent;
    }

    public synchronized long retried() {
        return retried;
    }

    public synchronized long failed() {
        return failed;
    }

    public synchronized long skipped() {
        return skipped;
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** For example {@code 12,345 sent (987/s), 12 retried, 0 failed}. */
    public synchronized String line() {
        double s = seconds();
        String line = String.format(Locale.ROOT, "%,d sent (%,.0f/s), %,d retried, %,d failed",
                sent, s > 0 ? sent / s : 0.0, retried, failed);
        return skipped == 0 ? line : line + String.format(Locale.ROOT, ", %,d skipped (over 1 MiB)", skipped);
    }
}
