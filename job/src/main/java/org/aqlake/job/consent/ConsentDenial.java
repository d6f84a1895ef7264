package org.aqlake.job.consent;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import org.aqlake.job.metrics.MetricNames;

import java.util.EnumMap;
import java.util.Map;

/**
 * Why the gate denied a reading. A denied reading is counted, as {@code consentDenied} with this
 * {@code Reason} dimension in the {@code kinesisanalytics} group, and written nowhere.
 */
public enum ConsentDenial {
    /** No consent was in force at the reading's time (never given, not yet given, or no registry). */
    NO_CONSENT("no-consent"),
    /** Consent had been in force, and a later registry record ended it before the reading's time. */
    REVOKED("revoked"),
    /** The reading is not from an exempt source type and names no device to look consent up for. */
    NO_DEVICE_ID("no-device-id"),
    /** The consent input's watermark did not pass the reading within the maximum wait, and no record was known. */
    UNKNOWN_AFTER_WAIT("consent-unknown-after-wait");


    private final String id;

    ConsentDenial(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** One counter per reason, registered up front so that every reason reports, zero included. */
    static Map<ConsentDenial, Counter> counters(RuntimeContext ctx) {
        MetricGroup group = ctx.getMetricGroup().addGroup(MetricNames.GROUP);
        Map<ConsentDenial, Counter> counters = new EnumMap<>(ConsentDenial.class);
        for (ConsentDenial d : values()) {
            counters.put(d, group.addGroup(MetricNames.DENIAL_REASON, d.id()).counter(MetricNames.CONSENT_DENIED));
        }
        return counters;
    }
}
