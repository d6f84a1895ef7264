package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;

import org.aqlake.job.metrics.MetricNames;
import org.aqlake.tools.ToolException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings a local job to a clean end: waits until every record sent is committed to the lake, then stops
 * the job with a savepoint, so that the last files are committed by a final checkpoint and the job
 * finishes instead of being cancelled.
 */
public final class Drainer {

    private static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS = Duration.ofSeconds(5);

    private final FlinkRest rest;
    private final PrintStream out;
    private long restartsReported;

    public Drainer(FlinkRest rest, PrintStream out) {
        this.rest = rest;
        this.out = out;
    }

    /**
     * The job running on the local cluster, waiting for it to be submitted. A local cluster runs the one
     * job its runner submitted; with several, which one to stop is not for the drain to guess.
     */
    public String runningJob(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                List<FlinkRest.Job> running = rest.jobs().stream()
                        .filter(j -> j.state.equals("RUNNING"))
                        .collect(Collectors.toList());
                if (running.size() == 1) {
                    return running.get(0).id;
                }
                if (running.size() > 1) {
                    throw new ToolException("Several jobs are running at " + rest.base() + " ("
                            + running.stream().map(j -> j.id + " " + j.name).collect(Collectors.joining(", "))
                            + "); a local cluster runs one");
                }
            } catch (ConnectException notUpYet) {
                // the cluster is still starting
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("No running job at " + rest.base() + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Waits until the job has read every record sent, as the committed raw archive shows (or, without it,
     * until the lake's committed files hold each record once); the drain that follows decides what the
     * consent gate still holds and commits the rest.
     * The files are the proof; the job's own counters only show progress, as they restart from zero if the
     * job restarts from a checkpoint.
     */
    public LakeSummary awaitCommitted(String jobId, LakeFolders lake, long sent, Duration timeout)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextProgress = start;
        while (true) {
            String state = rest.state(jobId);
            reportRestarts(jobId);
            if (TERMINAL.contains(state)) {
                throw new ToolException("The job is " + state + " before every record was committed; see its log");
            }
            LakeSummary lakeNow = committedSoFar(lake, sent);
            if (lakeNow != null && lakeNow.recordsCommitted() > sent) {
                throw new ToolException("The lake holds more records than were sent: " + lakeNow.counts()
                        + ". Was it left over from an earlier run?");
            }
            if (lakeNow != null && lakeNow.allRead()) {
                out.printf("drain: %s, after %.1f s%n", lakeNow.counts(), (System.nanoTime() - start) / 1e9);
                return lakeNow;
            }
            if (System.nanoTime() >= nextProgress) {
                out.printf("drain: %,d of %,d records read by the job; %s%n", recordsRead(jobId), sent,
                        lakeNow == null ? "lake files still being written" : lakeNow.counts());
                nextProgress = System.nanoTime() + PROGRESS.toNanos();
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("Timed out after " + timeout.toSeconds() + " s waiting for every record to be"
                        + " committed: " + (lakeNow == null ? "lake unreadable" : lakeNow.counts()));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Waits until a streaming SQL pipeline's lake holds every CSV row sent, each as a row of one table (a typed
     * row or a dead letter), as its committed files show.
     */
    public PipelineLake awaitPipelineCommitted(String jobId, Path lake, long rowsSent, Duration timeout)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long nextProgress = start;
        while (true) {
            String state = rest.state(jobId);
            reportRestarts(jobId);
            if (TERMINAL.contains(state)) {
                throw new ToolException("The pipeline's job is " + state + " before every row was committed; see its log");
            }
            PipelineLake now;
            try {
                now = PipelineLake.read(lake, rowsSent);
            } catch (IOException | RuntimeException halfWritten) {
                now = null;
            }
            if (now != null && now.committed() > rowsSent) {
                throw new ToolException("The lake holds more rows than were sent: " + now.counts()
                        + ". Was it left over from an earlier run?");
            }
            if (now != null && now.complete()) {
                out.printf("drain: %s, after %.1f s%n", now.counts(), (System.nanoTime() - start) / 1e9);
                return now;
            }
            if (System.nanoTime() >= nextProgress) {
                out.printf("drain: %s%n", now == null ? "lake files still being written" : now.counts());
                nextProgress = System.nanoTime() + PROGRESS.toNanos();
            }
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new ToolException("Timed out after " + timeout.toSeconds() + " s waiting for every row to be"
                        + " committed: " + (now == null ? "lake unreadable" : now.counts()));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * The job's restarts so far, said once each: a restart is a failure the job rode out by resuming from
     * its last checkpoint, which a user should know of even when every record ends up in the lake once.
     */
    public long reportRestarts(String jobId) throws IOException, InterruptedException {
        long n = rest.numRestarts(jobId);
        if (n > restartsReported) {
            out.printf("drain: the job has restarted %d time%s (it resumed from its last checkpoint; the cause is in"
                    + " its log)%n", n, n == 1 ? "" : "s");
            restartsReported = n;
        }
        return restartsReported;
    }

    /** Readings decoded plus dead letters, as the job's metrics count them; -1 when they cannot be read. */
    long recordsRead(String jobId) {
        try {
            return rest.sumMetrics(jobId, id -> id.endsWith("." + MetricNames.READINGS_DECODED)
                    || id.endsWith("." + MetricNames.DEAD_LETTERS));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Null while a file is still being written (the store writes an object in place, not atomically). */
    private static LakeSummary committedSoFar(LakeFolders lake, long sent) {
        try {
            return LakeSummary.count(lake, sent);
        } catch (IOException | RuntimeException halfWritten) {
            return null;
        }
    }

    /**
     * Stops the job with a savepoint (with {@code drain}, the sources end first and event time runs to the
     * end), and waits until the savepoint is complete and the job has finished. Returns the savepoint path,
     * or null when the local cluster shut down before it could say.
     */
    public String stopWithSavepoint(String jobId, boolean drain, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String trigger = rest.stopWithSavepoint(jobId, drain);
        out.println("stop: stopping the job with a final savepoint" + (drain ? " (drain)" : ""));
        String location;
        while (true) {
            JsonNode s;
            try {
                s = rest.savepoint(jobId, trigger);
            } catch (IOException clusterGone) {
                // a local mini-cluster shuts down as soon as its job ends, and a stopped job ends only once
                // its savepoint is complete; the job's exit code tells a failure apart
                out.println("stop: the job has ended and its cluster has shut down");
                return null;
            }
            if (s.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new ToolException("Stop with savepoint failed: "
                            + op.path("failure-cause").path("stack-trace").asText("").lines().findFirst().orElse("?"));
                }
                location = op.path("location").asText();
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("Timed out after " + timeout.toSeconds() + " s waiting for the savepoint");
            }
            Thread.sleep(POLL.toMillis());
        }
        awaitFinished(jobId, deadline);
        out.println("stop: job finished; savepoint " + location);
        return location;
    }

    /** The mini-cluster shuts down right after its job ends, so a closed port means finished too. */
    private void awaitFinished(String jobId, long deadline) throws InterruptedException, IOException {
        while (true) {
            String state;
            try {
                state = rest.state(jobId);
            } catch (IOException clusterGone) {
                return;
            }
            if (state.equals("FINISHED")) {
                return;
            }
            if (TERMINAL.contains(state)) {
                throw new ToolException("The job ended " + state + " instead of FINISHED after the savepoint");
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("Timed out waiting for the job to finish after its savepoint (" + state + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
