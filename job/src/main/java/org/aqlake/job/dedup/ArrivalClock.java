package org.aqlake.job.dedup;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How far the Kinesis arrival timestamps read by one subtask have got, to tell when a record can no longer
 * have an unread duplicate. A retry lands on the same shard as the first copy (same partition key), after
 * it, so the first copy's entry may go once every shard still delivering has been read past its arrival
 * plus the horizon: the clock is the lowest of the shards' highest arrival times, so a lagging shard (a
 * catch-up, a throttled shard) holds it back. A shard silent for a whole horizon (closed by resharding, or
 * idle) stops counting; when none delivers and nothing has come for a horizon, the stream is drained and
 * every entry may go.
 *
 * <p>Not checkpointed: after a restore it starts empty and holds every entry for at least one horizon, or
 * until the replay has moved past it, so overdue clean-up timers do not empty the state before the backlog
 * that may still hold duplicates is read.
 */
final class ArrivalClock {

    /** The minimum over the shards is recomputed at most this often; a stale value only delays a clean-up. */
    static final long RECOMPUTE_MILLIS = 1_000L;

    private static final long STALE = Long.MIN_VALUE;

    private final long horizon;
    private final Map<String, long[]> shards = new HashMap<>();
    private long lastRecordAt;
    private long cachedAt = STALE;
    private long cached;

    ArrivalClock(long horizonMillis, long startedAt) {
        this.horizon = horizonMillis;
        this.lastRecordAt = startedAt;
    }

    void observe(String shardId, long arrival, long now) {
        long[] s = shards.get(shardId);
        if (s == null) {
            shards.put(shardId, new long[] {arrival, now});
            cachedAt = STALE; // a new shard may hold the clock back
        } else {
            s[0] = Math.max(s[0], arrival);
            s[1] = now;
        }
        lastRecordAt = now;
    }

    /** True when no record still unread can have arrived at or before {@code arrival}. */
    boolean hasPassed(long arrival, long now) {
        if (cachedAt == STALE || now < cachedAt || now - cachedAt >= RECOMPUTE_MILLIS) {
            cached = compute(now);
            cachedAt = now;
        }
        return cached >= arrival;
    }

    private long compute(long now) {
        long min = Long.MAX_VALUE;
        for (Iterator<long[]> it = shards.values().iterator(); it.hasNext(); ) {
            long[] s = it.next();
            if (now - s[1] >= horizon) {
                it.remove();
            } else {
                min = Math.min(min, s[0]);
            }
        }
        if (min != Long.MAX_VALUE) {
            return min;
        }
        return now - lastRecordAt >= horizon ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
