package org.aqlake.job.dedup;

import java.util.HashMap;
import java.util.Map;

/**
 * How far the Kinesis arrival timestamps read from each shard by one subtask have got, to tell when a
 * record can no longer have an unread duplicate. A retry has the first copy's partition key, so it lands on
 * the first copy's shard, after it: the first copy's entry may go once that shard has been read past its
 * arrival plus the horizon. Another shard's progress says nothing about it (after a restore one shard's
 * backlog may be read long before another's, and a throttled shard lags).
 *
 * <p>A shard that is not read any further (closed by resharding, or stalled) would keep its entries for
 * ever: they go once the shard has been silent for {@code silence}, counted from its last record or, for a
 * shard not read since this clock started (after a restore), from the start. Not checkpointed: after a
 * restore the clock starts empty, so the entries of the shards read before wait for them to be read again.
 */
final class ArrivalClock {

    private final long silence;
    private final long startedAt;
    /** Per shard: the highest arrival time read, and when (processing time) it was last read. */
    private final Map<String, long[]> shards = new HashMap<>();

    ArrivalClock(long silenceMillis, long startedAt) {
        this.silence = silenceMillis;
        this.startedAt = startedAt;
    }

    void observe(String shardId, long arrival, long now) {
        long[] s = shards.get(shardId);
        if (s == null) {
            shards.put(shardId, new long[] {arrival, now});
        } else {
            s[0] = Math.max(s[0], arrival);
            s[1] = now;
        }
    }

    /** True when no record still unread on {@code shardId} can have arrived at or before {@code arrival}. */
    boolean hasPassed(String shardId, long arrival, long now) {
        long[] s = shards.get(shardId);
        if (s != null && s[0] >= arrival) {
            return true;
        }
        if (now - (s == null ? startedAt : s[1]) >= silence) {
            shards.remove(shardId);
            return true;
        }
        return false;
    }
}
