package org.aqlake.job.sink;

/** Which time puts a reading in its partition: its own (event time), or when it reached the stream. */
public enum PartitionTime { EVENT, ARRIVAL }
