package org.aqlake.job.source;

/** Where a fresh start (no checkpoint, no snapshot) begins reading each shard. */
public enum InitialPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }
