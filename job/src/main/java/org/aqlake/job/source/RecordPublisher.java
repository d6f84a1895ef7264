package org.aqlake.job.source;

/** How the Kinesis consumer reads a shard: polling, or enhanced fan-out. */
public enum RecordPublisher { POLLING, EFO }
