package org.aqlake.job.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class IdleAwareWatermarksTest {

    static final long OUT_OF_ORDERNESS = 1_000L;
    static final long INTERVAL = 200L;
    static final long IDLENESS = 60_000L;
    static final long EVENT = 10_000L;

    OneInputStreamOperatorTestHarness<Long, Long> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new IdleAwareWatermarks<>(WatermarkStrategy
                .<Long>forBoundedOutOfOrderness(Duration.ofMillis(OUT_OF_ORDERNESS))
                .withTimestampAssigner((v, ignored) -> v)
                .withIdleness(Duration.ofMillis(IDLENESS))));
        harness.getExecutionConfig().setAutoWatermarkInterval(INTERVAL);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    List<Object> signals() {
        return harness.getOutput().stream().filter(o -> !(o instanceof StreamRecord)).collect(Collectors.toList());
    }

    @Test
    void recordsGetTheirEventTimeAndWatermarksTrailThemPeriodically() throws Exception {
        harness.processElement(new StreamRecord<>(EVENT));
        harness.setProcessingTime(INTERVAL);

        assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp()).isEqualTo(EVENT);
        assertThat(signals()).containsExactly(new Watermark(EVENT - OUT_OF_ORDERNESS - 1));
    }

    @Test
    void anIdleSourceIsPassedOnAsIdleAtOnceAndItsStaleWatermarksAreHeldBack() throws Exception {
        harness.processElement(new StreamRecord<>(EVENT));
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        harness.setProcessingTime(INTERVAL);

        assertThat(signals()).containsExactly(WatermarkStatus.IDLE);
    }

    @Test
    void aSourceThatReadsAgainIsActiveAgain() throws Exception {
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
        harness.processElement(new StreamRecord<>(EVENT));
        harness.setProcessingTime(INTERVAL);

        assertThat(signals()).containsExactly(WatermarkStatus.IDLE, WatermarkStatus.ACTIVE,
                new Watermark(EVENT - OUT_OF_ORDERNESS - 1));
    }

    @Test
    void upstreamWatermarksAreReplacedButTheEndOfInputPassesThrough() throws Exception {
        harness.processWatermark(new Watermark(EVENT));
        harness.processWatermark(Watermark.MAX_WATERMARK);

        assertThat(signals()).containsExactly(Watermark.MAX_WATERMARK);
    }
}
