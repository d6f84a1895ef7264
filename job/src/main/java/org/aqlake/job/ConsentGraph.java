package org.aqlake.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import org.aqlake.job.consent.ConsentGate;
import org.aqlake.job.consent.ConsentRules;
import org.aqlake.job.consent.ConsentSources;
import org.aqlake.job.consent.ConsentTriage;
import org.aqlake.job.consent.DecodeConsent;
import org.aqlake.job.consent.EventTimeStamper;
import org.aqlake.job.consent.ReadingsPacedGate;
import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeSinks.Branch;
import org.aqlake.job.source.IdleAwareWatermarks;

import java.time.Duration;
import java.util.Optional;

/**
 * The consent registry and the consent gate in the graph:
 *
 * <pre>
 * readings ─ triage ─┬─ exempt ─────────────────────────────────────────┬─ consented readings
 *                    └─ with device id ─ keyBy ─┐                        │
 * registry ─────────────────────── keyBy ───────┴─ gate ─ event time ────┘
 * </pre>
 *
 * Readings that are denied leave the graph in the triage or the gate, counted and unwritten. The two
 * branches are also handed out apart ({@link Passed}): an operator fed by their union has two inputs and
 * cannot be chained, so every reading would be serialized to reach it.
 */
final class ConsentGraph {

    private static final TypeInformation<ConsentRecord> CONSENT = TypeInformation.of(ConsentRecord.class);
    private static final TypeInformation<Reading> READING = TypeInformation.of(Reading.class);

    private ConsentGraph() {}

    /** The registry as one stream of records in event time, and the dead letters of records it could not read. */
    static final class Registry {
        final Optional<DataStream<ConsentRecord>> records;
        final Optional<DataStream<DeadLetter>> deadLetters;

        Registry(Optional<DataStream<ConsentRecord>> records, Optional<DataStream<DeadLetter>> deadLetters) {
            this.records = records;
            this.deadLetters = deadLetters;
        }
    }

    /** What passed the gate: the exempt readings and, with a registry, the readings consent covers. */
    static final class Passed {
        /** Readings exempt from consent: chained to the triage, most readings. */
        final DataStream<Reading> exempt;
        /** Readings that passed the keyed gate; empty without a registry. */
        final Optional<DataStream<Reading>> consented;
        /** Both branches as one stream. */
        final DataStream<Reading> all;

        Passed(DataStream<Reading> exempt, Optional<DataStream<Reading>> consented) {
            this.exempt = exempt;
            this.consented = consented;
            this.all = consented.map(exempt::union).orElse(exempt);
        }

        DataStream<Reading> branch(Branch branch) {
            switch (branch) {
                case EXEMPT:
                    return exempt;
                case CONSENTED:
                    return consented.orElseThrow(() -> new IllegalStateException("no consent registry, no consented branch"));
                default:
                    return all;
            }
        }
    }

    /**
     * Event time of a record is its {@code lastUpdateDate}. The consent stream's watermark follows it with
     * the pipeline's out-of-orderness and idleness (an idle consent stream must not hold readings back;
     * consent changes are rare). The bootstrap snapshot has no watermark until it is read completely.
     */
    static Registry registry(ConsentSources sources, Duration outOfOrderness, Duration idleness) {
        Optional<DataStream<ConsentRecord>> records = Optional.empty();
        Optional<DataStream<DeadLetter>> deadLetters = Optional.empty();
        if (sources.stream.isPresent()) {
            SingleOutputStreamOperator<ConsentRecord> decoded = sources.stream.get()
                    .process(new DecodeConsent.FromStream(), CONSENT)
                    .uid(OperatorUids.CONSENT_DECODE)
                    .name("Decode consent records");
            deadLetters = Optional.of(decoded.getSideOutput(DecodeConsent.DEAD_LETTERS));
            records = Optional.of(decoded
                    .transform("Consent watermarks", CONSENT, new IdleAwareWatermarks<>(WatermarkStrategy
                            .<ConsentRecord>forBoundedOutOfOrderness(outOfOrderness)
                            .withTimestampAssigner((c, ignored) -> c.lastUpdateDate)
                            .withIdleness(idleness)))
                    .uid(OperatorUids.CONSENT_WATERMARKS));
        }
        if (sources.bootstrap.isPresent()) {
            SingleOutputStreamOperator<ConsentRecord> decoded = sources.bootstrap.get().lines
                    .process(new DecodeConsent.FromBootstrap(sources.bootstrap.get().path), CONSENT)
                    .uid(OperatorUids.CONSENT_DECODE_BOOTSTRAP)
                    .name("Decode consent bootstrap");
            DataStream<DeadLetter> bad = decoded.getSideOutput(DecodeConsent.DEAD_LETTERS);
            deadLetters = Optional.of(deadLetters.map(d -> d.union(bad)).orElse(bad));
            records = Optional.of(records.map(r -> r.union(decoded)).orElse(decoded));
        }
        return new Registry(records, deadLetters);
    }

    /** The gate: exempt readings pass at once; the others wait for the registry's word on their device. */
    static Passed gate(DataStream<Reading> readings, Optional<DataStream<ConsentRecord>> registry, ConsentRules rules) {
        SingleOutputStreamOperator<Reading> exempt = readings
                .process(new ConsentTriage(rules, registry.isPresent()))
                .uid(OperatorUids.CONSENT_TRIAGE)
                .name("Consent: exempt or gated");
        Optional<DataStream<Reading>> consented = registry.map(records -> exempt
                .getSideOutput(ConsentTriage.NEEDS_CONSENT)
                .keyBy(r -> r.deviceId, Types.STRING)
                .connect(records.keyBy(c -> c.serialNumber, Types.STRING))
                .transform("Consent gate", READING, new ReadingsPacedGate(new ConsentGate(rules)))
                .uid(OperatorUids.CONSENT_GATE)
                .name("Consent gate")
                .transform("Consent: event time", READING, new EventTimeStamper())
                .uid(OperatorUids.CONSENT_EVENT_TIME));
        return new Passed(exempt, consented);
    }
}
