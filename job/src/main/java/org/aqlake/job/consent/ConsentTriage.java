package org.aqlake.job.consent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.aqlake.job.model.Reading;

import java.util.Map;

/**
 * The stateless half of the consent gate, decided per reading before any keying:
 *
 * <ol>
 *   <li>a reading whose {@code sourceType} is exempt passes (main output);
 *   <li>any other reading without a device id is denied ({@code no-device-id}): there is nobody whose
 *       consent could be looked up, so the gate fails closed. This covers community readings without a
 *       device id, readings of another source type ({@code other}) and readings with no source type;
 *   <li>a reading with a device id goes to {@link #NEEDS_CONSENT}, for the keyed {@link ConsentGate};
 *       when no consent registry is configured there is nothing to wait for, and it is denied at once
 *       ({@code no-consent}).
 * </ol>
 */
public final class ConsentTriage extends ProcessFunction<Reading, Reading> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<Reading> NEEDS_CONSENT =
            new OutputTag<>("needs-consent", TypeInformation.of(Reading.class));

    private final ConsentRules rules;
    private final boolean registryConfigured;
    private transient Map<ConsentDenial, Counter> denied;

    public ConsentTriage(ConsentRules rules, boolean registryConfigured) {
        this.rules = rules;
        this.registryConfigured = registryConfigured;
    }

    @Override
    public void open(Configuration parameters) {
        denied = ConsentDenial.counters(getRuntimeContext());
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Reading> out) {
        if (rules.exempt(reading.sourceType)) {
            out.collect(reading);
        } else if (reading.deviceId == null || reading.deviceId.isBlank()) {
            denied.get(ConsentDenial.NO_DEVICE_ID).inc();
        } else if (!registryConfigured) {
            denied.get(ConsentDenial.NO_CONSENT).inc();
        } else {
            ctx.output(NEEDS_CONSENT, reading);
        }
    }
}
