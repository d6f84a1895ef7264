package org.aqlake.job.consent;

import org.aqlake.job.model.Reading;

/** A reading the gate holds until consent for its time is known, and the latest moment it may wait. A Flink POJO. */
public class HeldReading {

    public Reading reading;

    /** Processing time after which the reading is decided with the consent known by then. */
    public long deadline;

    public HeldReading() {}

    public HeldReading(Reading reading, long deadline) {
        this.reading = reading;
        this.deadline = deadline;
    }
}
