package org.aqlake.job.bench;

/** One timed repetition: how many records, in how much wall time and process CPU time. */
public final class Measurement {

    public final long records;
    public final long wallNanos;
    public final long cpuNanos;
    public final double loadAverage;

    Measurement(long records, long wallNanos, long cpuNanos, double loadAverage) {
        this.records = records;
        this.wallNanos = wallNanos;
        this.cpuNanos = cpuNanos;
        this.loadAverage = loadAverage;
    }

    public double recordsPerWallSecond() {
        return records / (wallNanos / 1e9);
    }

    public double recordsPerCpuSecond() {
        return records / (cpuNanos / 1e9);
    }

    /** Cores busy on average: CPU seconds per wall second. */
    public double cores() {
        return (double) cpuNanos / wallNanos;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%,d records in %.2f s wall, %.2f s CPU: %,.0f rec/s, %,.0f rec/CPU-s",
                records, wallNanos / 1e9, cpuNanos / 1e9, recordsPerWallSecond(), recordsPerCpuSecond());
    }
}
