package org.aqlake.job.source;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Assigns timestamps and watermarks like {@code assignTimestampsAndWatermarks}, but passes an idle
 * source on as idle.
 *
 * <p>Why: a Kinesis consumer subtask without shards (more subtasks than shards, common for the small
 * consent stream and in local runs) marks itself idle, and an idle output drops every watermark, even
 * the final one a drain sends. Flink's own assigner ignores the upstream idleness and keeps announcing
 * its lowest watermark as active until its own idle timeout, so a two-input operator downstream (the
 * consent gate) waits for that subtask, and at a drain never sees the end of event time: whatever it
 * holds is never decided. Forwarding the idleness lets downstream ignore the empty subtask at once.
 */
public final class IdleAwareWatermarks<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final WatermarkStrategy<T> strategy;
    private transient TimestampAssigner<T> timestamps;
    private transient WatermarkGenerator<T> generator;
    private transient Emitter emitter;
    private transient long interval;

    public IdleAwareWatermarks(WatermarkStrategy<T> strategy) {
        this.strategy = strategy;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        timestamps = strategy.createTimestampAssigner(this::getMetricGroup);
        generator = strategy.createWatermarkGenerator(this::getMetricGroup);
        emitter = new Emitter();
        interval = getExecutionConfig().getAutoWatermarkInterval();
        if (interval > 0) {
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval, this);
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        emitter.upstreamIdle = false; // a record means the source is reading again
        T value = element.getValue();
        long ts = timestamps.extractTimestamp(value, element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
        element.setTimestamp(ts);
        output.collect(element);
        generator.onEvent(value, ts, emitter);
    }

    @Override
    public void onProcessingTime(long timestamp) {
        generator.onPeriodicEmit(emitter);
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
        generator.onPeriodicEmit(emitter);
    }

    /** Our watermarks and our own idle timeout, kept quiet while the source is idle. */
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
