package org.aqlake.job.reliability;

import org.apache.flink.api.common.functions.MapFunction;

import org.aqlake.job.model.KinesisRecord;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A task failure when the test asks for one: after {@link #arm()}, the next record that passes throws.
 * Static state, since the cluster runs in the test's JVM; one fault test runs at a time per JVM.
 */
public final class FailOnDemand implements MapFunction<KinesisRecord, KinesisRecord> {
    private static final long serialVersionUID = 1L;

    public static final String UID = "fault-suite-fail-on-demand";
    static final AtomicInteger ARMED = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicLong SEEN = new AtomicLong();

    /** The next record fails its task. */
    public static void arm() {
        ARMED.incrementAndGet();
    }

    public static int failures() {
        return FAILURES.get();
    }

    /** Records processed, replays after a restore included. */
    public static long seen() {
        return SEEN.get();
    }

    public static void reset() {
        ARMED.set(0);
        FAILURES.set(0);
        SEEN.set(0);
    }

    @Override
    public KinesisRecord map(KinesisRecord r) {
        SEEN.incrementAndGet();
        int armed = ARMED.get();
        if (armed > 0 && ARMED.compareAndSet(armed, armed - 1)) {
            int n = FAILURES.incrementAndGet();
            throw new IllegalStateException("Injected task failure #" + n);
        }
        return r;
    }
}
