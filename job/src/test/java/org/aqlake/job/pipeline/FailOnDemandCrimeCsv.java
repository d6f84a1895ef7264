package org.aqlake.job.pipeline;

import org.aqlake.udfs.sql.ParseCrimeCsv;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recipe's {@code parse_crime_csv}, but after {@link #arm()} the next record it parses fails its task:
 * a task failure in the middle of the SQL pipeline's chain. Registered as a temporary system function, it
 * takes the place of the recipe's temporary function of the same name (Flink resolves system functions
 * first), so the recipe runs unchanged. Static state: the cluster runs in the test's JVM.
 */
public class FailOnDemandCrimeCsv extends ParseCrimeCsv {

    private static final long serialVersionUID = 1L;
    static final AtomicInteger ARMED = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicInteger RECORDS = new AtomicInteger();

    static void arm() {
        ARMED.incrementAndGet();
    }

    static void reset() {
        ARMED.set(0);
        FAILURES.set(0);
        RECORDS.set(0);
    }

    @Override
    public void eval(byte[] payload) {
        RECORDS.incrementAndGet();
        int armed = ARMED.get();
        if (armed > 0 && ARMED.compareAndSet(armed, armed - 1)) {
            throw new IllegalStateException("Injected task failure #" + FAILURES.incrementAndGet());
        }
        super.eval(payload);
    }
}
