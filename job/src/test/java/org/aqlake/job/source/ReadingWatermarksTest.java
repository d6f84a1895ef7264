package org.aqlake.job.source;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readings' watermarks in the operator harness, in the chained position they have in the job: after
 * the decoder, one subtask reading several shards.
 */
class ReadingWatermarksTest {

    static final long OUT_OF_ORDERNESS = 1_000L;
    static final long INTERVAL = 200L;
    static final long IDLENESS = 60_000L;
    static final long T0 = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    /** Between two readings of one shard. */
    static final long STEP = 10_000L;
    /** How far ahead of its arrival a fast device's clock runs: inside validation's hour. */
    static final long FAST_CLOCK = 50 * 60_000L;
    static final int ROUNDS = 20;
    static final String SHARD_A = "shardId-000000000000";
    static final String SHARD_B = "shardId-000000000001";
    static final String PARENT = "shardId-000000000002";
    static final String CHILD_1 = "shardId-000000000003";
    static final String CHILD_2 = "shardId-000000000004";

    OneInputStreamOperatorTestHarness<Reading, Reading> harness;
    IdleAwareWatermarks<Reading> operator;
    long now;

    @BeforeEach
    void open() throws Exception {
        operator = ReadingWatermarks.create(Duration.ofMillis(OUT_OF_ORDERNESS), Duration.ofMillis(IDLENESS));
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.getExecutionConfig().setAutoWatermarkInterval(INTERVAL);
        harness.open();
        now = 0;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static Reading reading(String shard, long eventTime, long arrivalTime) {
        Reading r = new Reading();
        r.parameter = "pm25";
        r.eventTime = eventTime;
        r.arrivalTime = arrivalTime;
        r.shardId = shard;
        return r;
    }

    void read(String shard, long eventTime, long arrivalTime) throws Exception {
        harness.processElement(new StreamRecord<>(reading(shard, eventTime, arrivalTime)));
    }

    void tick() throws Exception {
        now += INTERVAL;
        harness.setProcessingTime(now);
    }

    /** The readings whose timestamp was not above the watermark already sent when they went out. */
    List<Reading> lateReadings() {
        List<Reading> late = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (Object o : harness.getOutput()) {
            if (o instanceof Watermark) {
                watermark = ((Watermark) o).getTimestamp();
            } else if (o instanceof StreamRecord) {
                StreamRecord<?> r = (StreamRecord<?>) o;
                if (r.getTimestamp() <= watermark) {
                    late.add((Reading) r.getValue());
                }
            }
        }
        return late;
    }

    long lastWatermark() {
        long watermark = Long.MIN_VALUE;
        for (Object o : harness.getOutput()) {
            if (o instanceof Watermark) {
                watermark = ((Watermark) o).getTimestamp();
            }
        }
        return watermark;
    }

    List<Object> statuses() {
        List<Object> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof WatermarkStatus) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void aShardLaggingAnHourBehindAnotherInTheSameSubtaskHoldsTheWatermarkSoNoneOfItsReadingsIsLate()
            throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            read(SHARD_B, T0 + i * STEP, T0 + i * STEP);
            read(SHARD_A, T0 - HOUR + i * STEP, T0 - HOUR + i * STEP);
            tick();
        }

        assertThat(lateReadings()).isEmpty();
        assertThat(lastWatermark()).isEqualTo(T0 - HOUR + (ROUNDS - 1) * STEP - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void aShardThatFallsSilentHoldsTheWatermarkForTheIdlenessOnlyAndIsThenForgotten() throws Exception {
        read(SHARD_A, T0 - HOUR, T0 - HOUR);
        read(SHARD_B, T0, T0);
        tick();
        long lastB = T0;
        long silentSince = now;
        while (now - silentSince < IDLENESS - INTERVAL) {
            lastB += STEP;
            read(SHARD_B, lastB, lastB);
            tick();
        }
        assertThat(lastWatermark()).as("within the idleness, the silent shard A still holds it")
                .isEqualTo(T0 - HOUR - OUT_OF_ORDERNESS - 1);
        assertThat(operator.splits()).isEqualTo(2);

        lastB += STEP;
        read(SHARD_B, lastB, lastB);
        tick();
        tick();

        assertThat(lastWatermark()).as("after the idleness, shard B alone").isEqualTo(lastB - OUT_OF_ORDERNESS - 1);
        assertThat(operator.splits()).isEqualTo(1);
        assertThat(statuses()).as("the subtask itself stays active").isEmpty();
    }

    @Test
    void aParentShardReadAlongsideItsChildrenHasNoReadingLateAndStopsHoldingOnceClosed() throws Exception {
        long parentTime = T0 - HOUR;
        long childTime = T0;
        for (int i = 0; i < ROUNDS; i++) {
            parentTime += STEP;
            childTime += STEP;
            read(PARENT, parentTime, parentTime);
            read(CHILD_1, childTime, childTime);
            read(CHILD_2, childTime, childTime);
            tick();
        }
        assertThat(lateReadings()).as("the parent's backlog, read after the split").isEmpty();
        assertThat(lastWatermark()).isEqualTo(parentTime - OUT_OF_ORDERNESS - 1);

        long closedAt = now; // the parent has reached its end: no more records from it
        while (now - closedAt <= IDLENESS) {
            childTime += STEP;
            read(CHILD_1, childTime, childTime);
            read(CHILD_2, childTime, childTime);
            tick();
        }

        assertThat(lastWatermark()).isEqualTo(childTime - OUT_OF_ORDERNESS - 1);
        assertThat(operator.splits()).isEqualTo(2);
    }

    /** Snapshots the operator and opens a new one from the snapshot, at processing time zero. */
    void restore() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1L, now);
        harness.close();
        operator = ReadingWatermarks.create(Duration.ofMillis(OUT_OF_ORDERNESS), Duration.ofMillis(IDLENESS));
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.getExecutionConfig().setAutoWatermarkInterval(INTERVAL);
        harness.initializeState(snapshot);
        harness.open();
        now = 0;
    }

    @Test
    void afterARestoreAShardThatWasReadingHoldsTheWatermarkUntilItReadsAgain() throws Exception {
        read(SHARD_A, T0 - HOUR, T0 - HOUR);
        read(SHARD_B, T0, T0);
        tick();
        restore();

        read(SHARD_B, T0 + STEP, T0 + STEP);
        tick();
        assertThat(lastWatermark()).as("shard B read first after the restore, shard A not yet")
                .isEqualTo(Long.MIN_VALUE);

        read(SHARD_A, T0 - HOUR + STEP, T0 - HOUR + STEP);
        tick();

        assertThat(lastWatermark()).isEqualTo(T0 - HOUR + STEP - OUT_OF_ORDERNESS - 1);
        assertThat(lateReadings()).isEmpty();
    }

    @Test
    void afterARestoreAShardThatNeverReadsAgainHoldsTheWatermarkForTheIdlenessOnly() throws Exception {
        read(SHARD_A, T0 - HOUR, T0 - HOUR);
        read(SHARD_B, T0, T0);
        tick();
        restore();

        long lastB = T0;
        while (now < IDLENESS - INTERVAL) {
            lastB += STEP;
            read(SHARD_B, lastB, lastB);
            tick();
        }
        assertThat(lastWatermark()).isEqualTo(Long.MIN_VALUE);

        lastB += STEP;
        read(SHARD_B, lastB, lastB);
        tick();

        assertThat(lastWatermark()).isEqualTo(lastB - OUT_OF_ORDERNESS - 1);
        assertThat(operator.splits()).isEqualTo(1);
    }

    @Test
    void theShardsKeptInStateAreOnlyThoseReadWithinTheIdlenessSoTheyFallBackToNone() throws Exception {
        read(SHARD_A, T0, T0);
        read(SHARD_B, T0, T0);
        tick();
        restore();
        assertThat(operator.splits()).as("both shards restored").isEqualTo(2);

        while (now < IDLENESS + INTERVAL) {
            tick();
        }
        restore();

        assertThat(operator.splits()).isZero();
    }

    @Test
    void aReadingFromAFastClockKeepsItsTimeButMovesTheWatermarkNoFurtherThanItsArrival() throws Exception {
        read(SHARD_A, T0 + FAST_CLOCK, T0);
        tick();
        read(SHARD_A, T0, T0 + INTERVAL);
        read(SHARD_B, T0, T0 + INTERVAL);
        tick();

        assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp()).isEqualTo(T0 + FAST_CLOCK);
        assertThat(lastWatermark()).isEqualTo(T0 - OUT_OF_ORDERNESS - 1);
        assertThat(lateReadings()).as("the on-time readings after the fast one").isEmpty();
    }

    @Test
    void whenEveryShardFallsSilentTheSubtaskIsIdleHoldsNothingAndWakesWithTheNextReading() throws Exception {
        read(SHARD_A, T0, T0);
        read(SHARD_B, T0, T0);
        tick();
        while (now < IDLENESS + INTERVAL) {
            tick();
        }

        assertThat(statuses()).containsExactly(WatermarkStatus.IDLE);
        assertThat(operator.splits()).isZero();

        read(SHARD_B, T0 + HOUR, T0 + HOUR);
        tick();

        assertThat(statuses()).containsExactly(WatermarkStatus.IDLE, WatermarkStatus.ACTIVE);
        assertThat(lastWatermark()).isEqualTo(T0 + HOUR - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void beforeItsFirstReadingTheSubtaskIsIdleOnlyAfterTheIdleness() throws Exception {
        while (now < IDLENESS - INTERVAL) {
            tick();
        }
        assertThat(statuses()).isEmpty();

        tick();

        assertThat(statuses()).containsExactly(WatermarkStatus.IDLE);
    }

    @Test
    void anIdleSourceIsPassedOnAsIdleAtOnceAndItsShardsStaleWatermarksAreHeldBack() throws Exception {
        read(SHARD_A, T0, T0);
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        tick();

        assertThat(statuses()).containsExactly(WatermarkStatus.IDLE);
        assertThat(lastWatermark()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void theEndOfInputPassesThroughWhateverTheShards() throws Exception {
        read(SHARD_A, T0 - HOUR, T0 - HOUR);
        read(SHARD_B, T0, T0);
        harness.processWatermark(Watermark.MAX_WATERMARK);

        assertThat(lastWatermark()).isEqualTo(Long.MAX_VALUE);
    }
}
