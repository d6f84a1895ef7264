package org.aqlake.job.bench;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One MiniCluster (one task manager, two slots) for every Flink variant of a run, started before any
 * timing, so that no measurement pays for a cluster start. Checkpoints go to a local folder, as they
 * would to S3 on Managed Flink, instead of the job manager's heap (which caps state at 5 MB).
 */
final class BenchCluster implements AutoCloseable {

    static final int SLOTS = 2;
    /** A job that has finished its input waits for a checkpoint; below this many cores it counts as idle. */
    private static final double IDLE_CORES = 0.2;
    private static final long POLL_MILLIS = 250;
    private static final boolean DEBUG = Boolean.getBoolean("bench.debug");

    final MiniCluster cluster;

    BenchCluster(Path checkpointDir) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.storage", "filesystem");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("restart-strategy.type", "none");
        // any free port for the web endpoint: a MiniCluster built by hand takes 8081, which a local run or
        // another build on the same machine may hold
        conf.setString("rest.bind-port", "0");
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .setConfiguration(conf)
                .build());
        cluster.start();
    }

    StreamExecutionEnvironment environment(int parallelism) {
        return new TestStreamEnvironment(cluster, new Configuration(), parallelism, Collections.emptyList(),
                Collections.emptyList());
    }

    /**
     * Waits for a job on bounded input to end. Such a job commits its last files on a checkpoint after
     * its input ends, and would otherwise sit idle until the next periodic one (up to the whole
     * interval, which would distort wall-time figures). So once {@code inputDone} holds and the
     * process has gone idle, a checkpoint is triggered at once, as often as needed.
     */
    void awaitEnd(JobClient job, BooleanSupplier inputDone) throws Exception {
        JobID id = job.getJobID();
        long lastCpu = CpuClock.processCpuNanos();
        long lastWall = System.nanoTime();
        while (true) {
            try {
                job.getJobExecutionResult().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException notYet) {
                // still running
            } catch (ExecutionException e) {
                throw new IllegalStateException("benchmark job " + id + " failed", e.getCause());
            }
            long cpu = CpuClock.processCpuNanos();
            long wall = System.nanoTime();
            double cores = (double) (cpu - lastCpu) / (wall - lastWall);
            lastCpu = cpu;
            lastWall = wall;
            if (cores < IDLE_CORES && inputDone.getAsBoolean()) {
                long t0 = System.nanoTime();
                String outcome;
                try {
                    outcome = "completed " + cluster.triggerCheckpoint(id).get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // the job finished meanwhile, or a periodic checkpoint was in flight: poll again
                    outcome = "failed: " + e.getCause();
                } catch (TimeoutException slow) {
                    // a loaded machine: the checkpoint is still running, and the job ends after it
                    outcome = "not done after 60 s";
                }
                if (DEBUG) {
                    Benchmark.log(String.format("    idle at %.2f cores: checkpoint %s in %d ms", cores, outcome,
                            (System.nanoTime() - t0) / 1_000_000));
                }
                lastCpu = CpuClock.processCpuNanos();
                lastWall = System.nanoTime();
            }
        }
    }

    /** Checkpoints a finished job completed, the ones triggered at its end included. */
    long completedCheckpoints(JobID id) throws Exception {
        var stats = cluster.getArchivedExecutionGraph(id).get().getCheckpointStatsSnapshot();
        return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    }

    /** Checkpoints a running job has completed so far. */
    long completedCheckpointsSoFar(JobID id) throws Exception {
        var stats = cluster.getExecutionGraph(id).get().getCheckpointStatsSnapshot();
        return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
