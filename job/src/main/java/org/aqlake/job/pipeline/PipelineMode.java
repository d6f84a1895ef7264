package org.aqlake.job.pipeline;

/** How a SQL pipeline runs: as an unbounded stream with checkpoints, or as a bounded batch job. */
public enum PipelineMode {
    STREAMING,
    BATCH
}
