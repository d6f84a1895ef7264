package org.aqlake.job.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting for a condition: tests poll, they never guess a sleep. */
public final class Polling {

    private static final long POLL_MILLIS = 200;

    private Polling() {}

    public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        await(timeout, what, condition, () -> "");
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + ". " + state.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
