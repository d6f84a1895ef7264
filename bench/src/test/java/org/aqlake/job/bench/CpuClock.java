package org.aqlake.job.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (every thread: task threads, Flink's own, JIT compiler, garbage
 * collector), which is what a KPU pays for. Wall time alone would flatter a run that uses both cores.
 */
final class CpuClock {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuClock() {}

    static long processCpuNanos() {
        long t = OS.getProcessCpuTime();
        if (t < 0) {
            throw new IllegalStateException("this JVM does not report process CPU time");
        }
        return t;
    }

    /** One-minute load average of the machine; other processes' load is part of the conditions. */
    static double loadAverage() {
        return OS.getSystemLoadAverage();
    }

    /** Starts a measurement: call {@link Started#stop} after the work. */
    static Started start() {
        return new Started(System.nanoTime(), processCpuNanos(), loadAverage());
    }

    static final class Started {
        final long wallStart;
        final long cpuStart;
        final double loadAtStart;

        private Started(long wallStart, long cpuStart, double loadAtStart) {
            this.wallStart = wallStart;
            this.cpuStart = cpuStart;
            this.loadAtStart = loadAtStart;
        }

        Measurement stop(long records) {
            long cpu = processCpuNanos() - cpuStart;
            long wall = System.nanoTime() - wallStart;
            return new Measurement(records, wall, cpu, loadAtStart);
        }
    }
}
