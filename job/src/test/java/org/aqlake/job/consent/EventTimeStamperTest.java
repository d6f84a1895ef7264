package org.aqlake.job.consent;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.aqlake.job.support.TestConsent.community;
import static org.assertj.core.api.Assertions.assertThat;

class EventTimeStamperTest {

    static final long MEASURED = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long TIMER_TIME = MEASURED + 60_000L;

    @Test
    void aReadingReleasedWithoutATimestampOrWithATimersGetsItsOwnEventTimeAndWatermarksPassThrough() throws Exception {
        try (OneInputStreamOperatorTestHarness<Reading, Reading> h =
                new OneInputStreamOperatorTestHarness<>(new EventTimeStamper())) {
            h.open();
            h.processElement(new StreamRecord<>(community("untimed", "d", MEASURED)));
            h.processElement(new StreamRecord<>(community("timer", "d", MEASURED), TIMER_TIME));
            h.processWatermark(new Watermark(TIMER_TIME));

            assertThat(h.extractOutputStreamRecords()).allSatisfy(r -> {
                assertThat(r.hasTimestamp()).isTrue();
                assertThat(r.getTimestamp()).isEqualTo(MEASURED);
            }).hasSize(2);
            assertThat(h.getOutput()).contains(new Watermark(TIMER_TIME));
        }
    }
}
