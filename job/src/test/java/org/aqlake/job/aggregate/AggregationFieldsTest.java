package org.aqlake.job.aggregate;

import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AggregationFieldsTest {

    @Test
    void keepsWhatTheAggregationReadsInANewReadingAndLeavesTheOriginalAlone() {
        Reading r = new Reading();
        r.location = "Anand Vihar";
        r.parameter = "pm25";
        r.unit = "µg/m³";
        r.value = 42.5;
        r.eventTime = 1_714_521_600_000L;
        r.city = "Delhi";
        r.country = "IN";
        r.latitude = 28.6;
        r.longitude = 77.3;
        r.deviceId = "sensor-1";
        r.sourceName = "cpcb";
        r.arrivalTime = 1_714_521_660_000L;
        r.shardId = "shardId-000000000000";
        r.sequenceNumber = "49600000000000000000000000000000000000000000000000000001";

        Reading slim = new AggregationFields().map(r);

        Reading expected = new Reading();
        expected.location = r.location;
        expected.parameter = r.parameter;
        expected.unit = r.unit;
        expected.value = r.value;
        expected.eventTime = r.eventTime;
        assertThat(slim).isNotSameAs(r).isEqualTo(expected);
        assertThat(new LocationKey().getKey(slim)).isEqualTo(new LocationKey().getKey(r));
        assertThat(r.sequenceNumber).isNotNull();
        assertThat(r.city).isEqualTo("Delhi");
    }
}
