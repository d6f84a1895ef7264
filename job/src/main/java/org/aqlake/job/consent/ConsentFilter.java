package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.OperatorUids;

import java.util.List;

/**
 * The consent gate in the graph:
 *
 * <pre>
 * readings ─ triage ─┬─ exempt ─────────────────────────────────────────┬─ consented readings
 *                    └─ with device id ─ keyBy ─┐                        │
 * registry ─────────────────────── keyBy ───────┴─ gate ─ event time ────┘
 * </pre>
 *
 * Readings that are denied leave the graph in the triage or the gate, counted and unwritten. The two
 * branches are also handed out apart ({@link Passed}): an operator fed by their union has two inputs and
 * cannot be chained, so every reading would be serialized to reach it. Whatever can work on each
 * branch alone (the aggregation's pre-aggregation) is attached to each.
 */
public final class ConsentFilter {


    private ConsentFilter() {}

    /** What passed the gate: the exempt readings and, with a registry, the readings consent covers. */
    public static final class Passed {
        /** Readings exempt from consent: chained to the triage, most readings. */
        public final DataStream<Reading> exempt;
        /** Readings that passed the keyed gate; null without a registry. */
        public final DataStream<Reading> consented;
        /** Both branches as one stream: what the readings table gets. */
        public final DataStream<Reading> all;

        Passed(DataStream<Reading> exempt, DataStream<Reading> consented) {
            this.exempt = exempt;
            this.consented = consented;
            this.all = consented == null ? exempt : exempt.union(consented);
        }

        /** The branches, exempt first. */
        public List<DataStream<Reading>> branches() {
            return consented == null ? List.of(exempt) : List.of(exempt, consented);
        }
    }

    /** @param registry the consent records, or null when no consent source is configured */
    public static Passed apply(DataStream<Reading> readings, DataStream<ConsentRecord> registry,
            ConsentRules rules) {
        SingleOutputStreamOperator<Reading> exempt = readings
                .process(new ConsentTriage(rules, registry != null))
                .uid(OperatorUids.CONSENT_TRIAGE)
                .name("Consent: exempt or gated");
        if (registry == null) {
            return new Passed(exempt, null);
        }
        DataStream<Reading> consented = exempt.getSideOutput(ConsentTriage.NEEDS_CONSENT)
                .keyBy(r -> r.deviceId, Types.STRING)
                .connect(registry.keyBy(c -> c.serialNumber, Types.STRING))
                .transform("Consent gate", TypeInformation.of(Reading.class),
                        new ReadingsPacedGate(new ConsentGate(rules)))
                .uid(OperatorUids.CONSENT_GATE)
                .name("Consent gate")
                .transform("Consent: event time", TypeInformation.of(Reading.class), new EventTimeStamper())
                .uid(OperatorUids.CONSENT_EVENT_TIME);
        return new Passed(exempt, consented);
    }
}
