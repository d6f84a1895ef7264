package org.aqlake.job.bench;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.model.KinesisRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded source paced in wall time, standing in for a Kinesis stream that delivers a steady rate: either
 * given payloads (real samples), or a synthetic hour of readings made as they are emitted, so that an hour
 * at 1,000 a second needs no gigabytes of payloads in memory. Time can run faster than the wall clock: the
 * caller scales the rate and the checkpoint interval alike, which keeps the records per checkpoint, hence the
 * files, those of real time.
 */
final class PacedRecords implements GeneratorFunction<Long, KinesisRecord> {

    private static final long serialVersionUID = 1L;
    private static final String[] SHARDS = {"shardId-000000000000", "shardId-000000000001",
        "shardId-000000000002", "shardId-000000000003"};

    private static volatile List<byte[]> given = List.of();
    /** Event-time milliseconds between two synthetic readings; 0 when the payloads are given. */
    private static volatile double millisPerRecord;
    private static final LongAdder EMITTED = new LongAdder();
    private static volatile long count;

    /** The given payloads, at {@code perSecond} wall-clock records a second. */
    static DataStream<KinesisRecord> of(StreamExecutionEnvironment env, List<byte[]> payloads, double perSecond) {
        given = List.copyOf(payloads);
        millisPerRecord = 0;
        return source(env, payloads.size(), perSecond);
    }

    /**
     * An hour of synthetic readings ({@link SyntheticPayloads#json}) at {@code eventRate} a second of event
     * time, emitted at {@code eventRate * speedup} a second of wall time.
     */
    static DataStream<KinesisRecord> syntheticHour(StreamExecutionEnvironment env, int eventRate, double speedup) {
        given = List.of();
        millisPerRecord = 1000.0 / eventRate;
        return source(env, 3600L * eventRate, eventRate * speedup);
    }

    private static DataStream<KinesisRecord> source(StreamExecutionEnvironment env, long n, double perSecond) {
        count = n;
        EMITTED.reset();
        DataGeneratorSource<KinesisRecord> source = new DataGeneratorSource<>(new PacedRecords(), n,
                RateLimiterStrategy.perSecond(perSecond), TypeInformation.of(KinesisRecord.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Paced records").uid("bench-paced-records");
    }

    static boolean allEmitted() {
        return EMITTED.sum() >= count;
    }

    @Override
    public KinesisRecord map(Long index) {
        EMITTED.increment();
        int i = (int) (long) index;
        byte[] payload;
        long t;
        if (millisPerRecord == 0) {
            payload = given.get(i);
            t = SyntheticPayloads.BASE_TIME;
        } else {
            t = SyntheticPayloads.BASE_TIME + (long) (i * millisPerRecord);
            payload = SyntheticPayloads.json(i, t).getBytes(StandardCharsets.UTF_8);
        }
        return new KinesisRecord(payload, SyntheticPayloads.STREAM, SHARDS[i % SHARDS.length],
                String.format("%056d", i), "Station " + (i % SyntheticPayloads.LOCATIONS), t + 2_000);
    }
}
