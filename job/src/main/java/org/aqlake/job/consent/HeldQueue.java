package org.aqlake.job.consent;

/**
 * Where a device's held readings stand in their arrival order, which is also the order of their wait
 * deadlines: the gate decides the readings whose wait is over from the head, one by one, without reading
 * the others. A Flink POJO, one per device in keyed state.
 */
public class HeldQueue {

    /** Arrival number of the oldest reading that may still be held. */
    public long head;

    /** Arrival number the next reading gets. */
    public long next;

    /** Readings held now (those between head and next that no watermark has decided yet). */
    public long count;

    /** The one processing-time timer armed for the head's deadline, or {@link #NO_TIMER}. */
    public long timer = NO_TIMER;

    public static final long NO_TIMER = Long.MIN_VALUE;

    public HeldQueue() {}
}
