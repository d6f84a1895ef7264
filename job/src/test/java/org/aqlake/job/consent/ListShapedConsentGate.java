package org.aqlake.job.consent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.consent.ConsentHistory;
import org.aqlake.udfs.consent.ConsentVerdict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consent gate that keeps its held readings in one list per device,
 * scanned in full on every timer. The reference that shows the arrival-ordered gate decides the same.
 */
final class ListShapedConsentGate extends KeyedCoProcessFunction<String, Reading, ConsentRecord, Reading> {

    private static final long serialVersionUID = 1L;

    public static final String HISTORY_STATE = "consent-history";
    public static final String HELD_STATE = "held-readings";

    private final ConsentRules rules;
    private transient ValueState<ConsentHistory> history;
    private transient ListState<HeldReading> held;
    private transient Map<ConsentDenial, Counter> denied;

    ListShapedConsentGate(ConsentRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(Configuration parameters) {
        history = getRuntimeContext().getState(new ValueStateDescriptor<>(HISTORY_STATE, ConsentHistory.class));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>(HELD_STATE, HeldReading.class));
        denied = ConsentDenial.counters(getRuntimeContext());
    }

    @Override
    public void processElement1(Reading reading, Context ctx, Collector<Reading> out) throws Exception {
        TimerService timers = ctx.timerService();
        long watermark = timers.currentWatermark();
        if (reading.eventTime <= watermark) {
            // late reading: consent for its time is already complete
            decide(reading, history.value(), false, out);
            forgetHistory(watermark);
            return;
        }
        long deadline = timers.currentProcessingTime() + rules.maxWaitMillis;
        held.add(new HeldReading(reading, deadline));
        timers.registerEventTimeTimer(reading.eventTime);
        timers.registerProcessingTimeTimer(deadline);
    }

    @Override
    public void processElement2(ConsentRecord record, Context ctx, Collector<Reading> out) throws Exception {
        ConsentHistory h = history.value();
        if (h == null) {
            h = new ConsentHistory();
        }
        h.apply(record.lastUpdateDate, record.shareWithResearchAsOfDate == null
                ? ConsentHistory.NEVER : record.shareWithResearchAsOfDate);
        history.update(h);
        long watermark = ctx.timerService().currentWatermark();
        forgetHistory(watermark);
        long forgettable = record.lastUpdateDate + rules.historyRetentionMillis;
        if (forgettable > watermark) {
            // from then on this record can be trimmed away; without a timer a quiet device would keep it forever
            ctx.timerService().registerEventTimeTimer(forgettable);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            long watermark = ctx.timerService().currentWatermark();
            release(h -> h.reading.eventTime <= watermark, false, ctx.timerService(), out);
            forgetHistory(watermark);
        } else {
            release(h -> h.deadline <= timestamp, true, ctx.timerService(), out);
        }
    }

    private interface Due {
        boolean test(HeldReading h);
    }

    /** Decides the held readings that are due, keeps the others, and deletes the timers nobody needs any more. */
    private void release(Due due, boolean afterWait, TimerService timers, Collector<Reading> out) throws Exception {
        List<HeldReading> keep = new ArrayList<>();
        List<HeldReading> decided = new ArrayList<>();
        for (HeldReading h : held.get()) {
            (due.test(h) ? decided : keep).add(h);
        }
        if (decided.isEmpty()) {
            return;
        }
        ConsentHistory h = history.value();
        for (HeldReading d : decided) {
            decide(d.reading, h, afterWait, out);
        }
        if (keep.isEmpty()) {
            held.clear();
        } else {
            held.update(keep);
        }
        deleteTimers(decided, keep, afterWait, h, timers);
    }

    private void deleteTimers(List<HeldReading> decided, List<HeldReading> keep, boolean afterWait, ConsentHistory h,
            TimerService timers) {
        Set<Long> stillNeeded = new HashSet<>();
        for (HeldReading k : keep) {
            stillNeeded.add(afterWait ? k.reading.eventTime : k.deadline);
        }
        if (afterWait && h != null) {
            // event-time timers are shared with the history's trimming timers: keep those
            for (long u : h.updatedAt) {
                stillNeeded.add(u + rules.historyRetentionMillis);
            }
        }
        for (HeldReading d : decided) {
            if (afterWait && !stillNeeded.contains(d.reading.eventTime)) {
                timers.deleteEventTimeTimer(d.reading.eventTime);
            } else if (!afterWait && !stillNeeded.contains(d.deadline)) {
                timers.deleteProcessingTimeTimer(d.deadline);
            }
        }
    }

    private void decide(Reading reading, ConsentHistory h, boolean afterWait, Collector<Reading> out) {
        ConsentVerdict verdict = h == null ? ConsentVerdict.NO_RECORD : h.verdictAt(reading.eventTime);
        switch (verdict) {
            case GRANTED:
                out.collect(reading);
                break;
            case REVOKED:
                denied.get(ConsentDenial.REVOKED).inc();
                break;
            case NO_RECORD:
                // after the wait, silence may just mean the record is late; on the watermark it means there is none
                denied.get(afterWait ? ConsentDenial.UNKNOWN_AFTER_WAIT : ConsentDenial.NO_CONSENT).inc();
                break;
            default:
                denied.get(ConsentDenial.NO_CONSENT).inc();
        }
    }

    /** Trims the history to what readings at or after (watermark - retention) need; clears it when nothing is left. */
    private void forgetHistory(long watermark) throws Exception {
        ConsentHistory h = history.value();
        if (h == null || watermark < Long.MIN_VALUE + rules.historyRetentionMillis) {
            return; // no history, or no watermark yet
        }
        int before = h.records();
        h.forgetBefore(watermark - rules.historyRetentionMillis);
        if (h.records() == 0) {
            history.clear();
        } else if (h.records() != before) {
            history.update(h);
        }
    }
}
