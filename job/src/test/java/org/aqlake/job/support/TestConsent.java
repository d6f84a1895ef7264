package org.aqlake.job.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.Reading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Consent registry records and gated readings for tests, STEDI-shaped where it matters. */
public final class TestConsent {

    public static final String COMMUNITY = "community";
    public static final String GOVERNMENT = "government";
    public static final String RESEARCH = "research";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestConsent() {}

    /** A reading of a device at time t; its sequence number is its id, so tests can tell readings apart. */
    public static Reading reading(String id, String deviceId, long t, String sourceType) {
        Reading r = new Reading();
        r.eventTime = t;
        r.parameter = "pm25";
        r.value = 12.5;
        r.unit = "µg/m³";
        r.sourceType = sourceType;
        r.deviceId = deviceId;
        r.arrivalTime = t;
        r.shardId = "shardId-000000000000";
        r.sequenceNumber = id;
        return r;
    }

    public static Reading community(String id, String deviceId, long t) {
        return reading(id, deviceId, t, COMMUNITY);
    }

    public static ConsentRecord granted(String serial, long from, long updated) {
        return new ConsentRecord(serial, from, updated);
    }

    public static ConsentRecord withoutConsent(String serial, long updated) {
        return new ConsentRecord(serial, null, updated);
    }

    /**
     * A STEDI customer line, with personal fields made distinctive from the serial number so that a test
     * can search the lake for them. {@code researchFrom} null leaves the key out, as STEDI does.
     */
    public static String stediLine(String serial, Long researchFrom, long updated) {
        ObjectNode o = JSON.createObjectNode();
        String name = "Person " + serial;
        o.put("customerName", name);
        o.put("email", serial + "@example.com");
        o.put("phone", String.format(Locale.ROOT, "555%07d", Math.floorMod(serial.hashCode(), 10_000_000)));
        o.put("birthDay", "1970-01-01");
        o.put("serialNumber", serial);
        o.put("registrationDate", updated);
        o.put("lastUpdateDate", updated);
        if (researchFrom != null) {
            o.put("shareWithResearchAsOfDate", researchFrom);
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
