package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;

/**
 * The consent gate in the graph:
 *
 * <pre>
 * readings ─ triage ─┬─ exempt ─────────────────────────────────────────┬─ consented readings
 *                    └─ with device id ─ keyBy ─┐                        │
 * registry ─────────────────────── keyBy ───────┴─ gate ─ event time ────┘
 * </pre>
 *
 * Readings that are denied leave the graph in the triage or the gate, counted and unwritten.
 */
public final class ConsentFilter {

    public static final String UID_TRIAGE = "consent-triage";
    public static final String UID_GATE = "consent-gate";
    public static final String UID_EVENT_TIME = "consent-event-time";

    private ConsentFilter() {}

    /** @param registry the consent records, or null when no consent source is configured */
    public static DataStream<Reading> apply(DataStream<Reading> readings, DataStream<ConsentRecord> registry,
            ConsentRules rules) {
        SingleOutputStreamOperator<Reading> exempt = readings
                .process(new ConsentTriage(rules, registry != null))
                .uid(UID_TRIAGE)
                .name("Consent: exempt or gated");
        if (registry == null) {
            return exempt;
        }
        DataStream<Reading> consented = exempt.getSideOutput(ConsentTriage.NEEDS_CONSENT)
                .keyBy(r -> r.deviceId, Types.STRING)
                .connect(registry.keyBy(c -> c.serialNumber, Types.STRING))
                .process(new ConsentGate(rules), TypeInformation.of(Reading.class))
                .uid(UID_GATE)
                .name("Consent gate")
                .transform("Consent: event time", TypeInformation.of(Reading.class), new EventTimeStamper())
                .uid(UID_EVENT_TIME);
        return exempt.union(consented);
    }
}
