package org.aqlake.job.consent;

import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;

/**
 * The consent gate's operator: a {@link KeyedCoProcessOperator} whose event time never runs ahead of the
 * readings' watermark (input 1).
 *
 * <p>Why: Flink combines a two-input operator's watermark over its active inputs only. When every
 * reading goes quiet for the idleness (a night without readings, a stalled producer), input 1 is idle
 * and the gate would take the registry's watermark alone; with a bootstrap-only registry that is the end
 * of event time, which then reaches the aggregation and the partition committer as the only active
 * input: hours closed and marked complete while their readings are still to come, and, since watermarks
 * never go back, every later reading late. Capped at the readings' watermark, the gate waits instead, as
 * it does when both inputs speak; an idle registry (input 2) still holds nothing back.
 */
public final class ReadingsPacedGate extends KeyedCoProcessOperator<String, Reading, ConsentRecord, Reading> {

    private static final long serialVersionUID = 1L;

    /** The highest watermark of the readings (input 1). */
    private transient long readings;
    /** The highest watermark Flink combined over the active inputs. */
    private transient long combined;
    /** The highest watermark this operator acted on and sent on. */
    private transient long emitted;

    public ReadingsPacedGate(KeyedCoProcessFunction<String, Reading, ConsentRecord, Reading> gate) {
        super(gate);
    }

    @Override
    public void open() throws Exception {
        // transient fields are not initialized when the operator is deserialized on a TaskManager
        readings = Long.MIN_VALUE;
        combined = Long.MIN_VALUE;
        emitted = Long.MIN_VALUE;
        super.open();
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        readings = Math.max(readings, mark.getTimestamp());
        super.processWatermark1(mark);
        advance();
    }

    /** Called by Flink with each new combined watermark, from either input or a change of idleness. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        combined = Math.max(combined, mark.getTimestamp());
        advance();
    }

    private void advance() throws Exception {
        // Flink's combined watermark never goes back, so after input 1 was idle it can stay above the
        // readings until they catch up: the smaller of the two is the gate's time either way
        long target = Math.min(readings, combined);
        if (target > emitted) {
            emitted = target;
            super.processWatermark(new Watermark(target));
        }
    }
}
