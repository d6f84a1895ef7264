package org.aqlake.job.source;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assigns timestamps and watermarks like {@code assignTimestampsAndWatermarks}, but passes an idle
 * source on as idle, and can keep one watermark per split of the source (a Kinesis shard).
 *
 * <p>Why idle is passed on: a Kinesis consumer subtask without shards (more subtasks than shards, common
 * for the small consent stream and in local runs) marks itself idle, and an idle output drops every
 * watermark, even the final one a drain sends. Flink's own assigner ignores the upstream idleness and
 * keeps announcing its lowest watermark as active until its own idle timeout, so a two-input operator
 * downstream (the consent gate) waits for that subtask, and at a drain never sees the end of event time:
 * whatever it holds is never decided. Forwarding the idleness lets downstream ignore the empty subtask
 * at once.
 *
 * <p>Why per split: one subtask of the legacy Kinesis consumer reads several shards, and one watermark
 * over all of them follows the fastest, so a shard that lags (catching up after an outage, throttled, a
 * parent read after its children) has all its readings late. {@link #perSplit} keeps a generator per
 * split and emits the minimum over the splits that have read within the idleness; a split silent that
 * long (a closed parent shard, a quiet shard) stops holding the watermark and is forgotten, so memory is
 * bounded by the shards read recently. Each record may also contribute less than its timestamp to the
 * watermark ({@link WatermarkTime}): a reading from a fast clock keeps its time but must not move time
 * for everyone else.
 *
 * <p>A split counts once it has read a record, so the first split to read could run ahead of the others
 * at a restore (a lagging shard's backlog would be late after every restart). Hence the one piece of
 * state: the splits active at a checkpoint. After a restore they hold the watermark until they read, or
 * for the idleness at most. The watermarks themselves are not checkpointed (as in Flink).
 */
public final class IdleAwareWatermarks<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    /** Which split (shard) a record was read from. */
    @FunctionalInterface
    public interface SplitOf<T> extends Serializable {
        String of(T value);
    }

    /** What a record with this timestamp contributes to its split's watermark. */
    @FunctionalInterface
    public interface WatermarkTime<T> extends Serializable {
        long of(T value, long timestamp);
    }

    private static final String ONE_SPLIT = "";
    /** The splits active at the checkpoint: a list per subtask, handed out round-robin on rescaling. */
    static final ListStateDescriptor<String> SPLITS_READ = new ListStateDescriptor<>("splits-read", Types.STRING);

    private final WatermarkStrategy<T> strategy;
    private final SplitOf<T> splitOf;
    private final WatermarkTime<T> watermarkTime;
    private final boolean perSplit;
    private final long idleMillis;

    private transient TimestampAssigner<T> timestamps;
    private transient Map<String, Split<T>> splits;
    private transient String lastKey;
    private transient Split<T> lastSplit;
    /** Processing time since which no split has read: with no split at all, idle once it is this old. */
    private transient long quietSince;
    private transient Emitter emitter;
    private transient long interval;
    private transient ListState<String> splitsRead;
    private transient List<String> restoredSplits;

    /**
     * One watermark for the whole subtask; the strategy's generator decides idleness
     * ({@code withIdleness}).
     */
    public IdleAwareWatermarks(WatermarkStrategy<T> strategy) {
        this(strategy, value -> ONE_SPLIT, (value, timestamp) -> timestamp, false, Long.MAX_VALUE);
    }

    private IdleAwareWatermarks(WatermarkStrategy<T> strategy, SplitOf<T> splitOf, WatermarkTime<T> watermarkTime,
            boolean perSplit, long idleMillis) {
        this.strategy = strategy;
        this.splitOf = splitOf;
        this.watermarkTime = watermarkTime;
        this.perSplit = perSplit;
        this.idleMillis = idleMillis;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    /**
     * A watermark per split: the minimum over the splits that read a record within the idleness. The
     * strategy gives the timestamps and each split's generator; leave idleness out of it, it is the
     * operator's.
     */
    public static <T> IdleAwareWatermarks<T> perSplit(WatermarkStrategy<T> strategy, Duration idleness,
            SplitOf<T> splitOf, WatermarkTime<T> watermarkTime) {
        if (idleness.isZero() || idleness.isNegative()) {
            throw new IllegalArgumentException("idleness must be positive: " + idleness);
        }
        return new IdleAwareWatermarks<>(strategy, splitOf, watermarkTime, true, idleness.toMillis());
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restoredSplits = new ArrayList<>();
        if (perSplit) {
            splitsRead = context.getOperatorStateStore().getListState(SPLITS_READ);
            for (String key : splitsRead.get()) {
                restoredSplits.add(key);
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (perSplit) {
            List<String> keys = new ArrayList<>();
            for (String key : splits.keySet()) {
                if (key != null) {
                    keys.add(key);
                }
            }
            splitsRead.update(keys);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        timestamps = strategy.createTimestampAssigner(this::getMetricGroup);
        splits = new HashMap<>();
        emitter = new Emitter();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        quietSince = now;
        if (!perSplit) {
            // the strategy's generator times the idleness, from the start as before any record
            split(ONE_SPLIT, now);
        }
        for (String key : restoredSplits) {
            split(key, now).restored = true;
        }
        interval = getExecutionConfig().getAutoWatermarkInterval();
        if (interval > 0) {
            getProcessingTimeService().registerTimer(now + interval, this);
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        emitter.upstreamIdle = false; // a record means the source is reading again
        T value = element.getValue();
        long ts = timestamps.extractTimestamp(value, element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
        element.setTimestamp(ts);
        output.collect(element);
        String key = splitOf.of(value);
        Split<T> s = lastSplit;
        if (s == null || !Objects.equals(key, lastKey)) {
            s = splits.get(key);
            if (s == null) {
                s = split(key, getProcessingTimeService().getCurrentProcessingTime());
            }
            lastKey = key;
            lastSplit = s;
        }
        s.records++;
        s.generator.onEvent(value, watermarkTime.of(value, ts), s);
    }

    @Override
    public void onProcessingTime(long timestamp) {
        advance(getProcessingTimeService().getCurrentProcessingTime());
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval, this);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // upstream watermarks are replaced by ours; only the end of input passes through
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            emitter.upstreamIdle = false;
            emitter.emitWatermark(org.apache.flink.api.common.eventtime.Watermark.MAX_WATERMARK);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        emitter.upstreamIdle = status.isIdle();
        if (status.isIdle()) {
            emitter.markIdle();
        } else {
            emitter.markActive();
        }
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        advance(getProcessingTimeService().getCurrentProcessingTime());
    }

    /** Splits held now: for tests, to show that a silent shard is forgotten. */
    int splits() {
        return splits.size();
    }

    private Split<T> split(String key, long now) {
        Split<T> s = new Split<>(strategy.createWatermarkGenerator(this::getMetricGroup), now);
        splits.put(key, s);
        return s;
    }

    /** Each split's periodic watermark and idleness, then the minimum over the active ones. */
    private void advance(long now) {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (Iterator<Map.Entry<String, Split<T>>> it = splits.entrySet().iterator(); it.hasNext(); ) {
            Split<T> s = it.next().getValue();
            s.generator.onPeriodicEmit(s);
            if (s.records != s.recordsSeen) {
                s.recordsSeen = s.records;
                s.lastRead = now;
            } else if (perSplit && now - s.lastRead >= idleMillis) {
                s.idle = true;
            }
            if (s.idle && perSplit) {
                quietSince = Math.max(quietSince, s.lastRead);
                it.remove();
                continue;
            }
            if (!s.idle) {
                anyActive = true;
                // a split that has no watermark yet (no record) does not hold back the others, unless
                // it was reading before a restore
                if (s.records > 0 || s.restored) {
                    min = Math.min(min, s.watermark);
                }
            }
        }
        lastKey = null;
        lastSplit = null;
        if (!anyActive) {
            if (!perSplit || now - quietSince >= idleMillis) {
                emitter.markIdle();
            }
        } else if (min != Long.MAX_VALUE) {
            emitter.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(min));
        }
    }

    /** One split's generator and what it has said. */
    private static final class Split<T> implements WatermarkOutput {
        final WatermarkGenerator<T> generator;
        long watermark = Long.MIN_VALUE;
        boolean idle;
        long records;
        long recordsSeen;
        long lastRead;
        boolean restored;

        Split(WatermarkGenerator<T> generator, long now) {
            this.generator = generator;
            this.lastRead = now;
        }

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark mark) {
            watermark = Math.max(watermark, mark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    /** Our watermarks and idleness, kept quiet while the source is idle. */
    private final class Emitter implements WatermarkOutput {
        boolean upstreamIdle;
        boolean idle;
        long current = Long.MIN_VALUE;

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {
            if (upstreamIdle || watermark.getTimestamp() <= current) {
                return;
            }
            current = watermark.getTimestamp();
            markActive();
            output.emitWatermark(new Watermark(current));
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
        }

        @Override
        public void markActive() {
            if (idle && !upstreamIdle) {
                idle = false;
                output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            }
        }
    }
}
