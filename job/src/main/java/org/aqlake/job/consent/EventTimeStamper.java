package org.aqlake.job.consent;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.aqlake.job.model.Reading;

/**
 * Sets each reading's stream timestamp back to its event time after the gate. A KeyedCoProcessFunction
 * emits what a timer releases with the timer's time (event time) or with no timestamp at all
 * (processing time), and event-time windows downstream (the aggregates) must see the reading's own
 * time. Watermarks pass through untouched: they carry the gate's guarantee.
 */
public final class EventTimeStamper extends AbstractStreamOperator<Reading>
        implements OneInputStreamOperator<Reading, Reading> {

    private static final long serialVersionUID = 1L;

    public EventTimeStamper() {
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void processElement(StreamRecord<Reading> element) {
        output.collect(element.replace(element.getValue(), element.getValue().eventTime));
    }
}
