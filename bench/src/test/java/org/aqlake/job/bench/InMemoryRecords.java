package org.aqlake.job.bench;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.model.KinesisRecord;

import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded source over records pre-generated in this JVM: the benchmark's stand-in for the Kinesis
 * source, which costs nothing per record but the hand-over. The records live in a static field rather
 * than in the job graph ({@code env.fromData} would serialize two million payloads into it); the
 * MiniCluster runs in the same JVM and loads the job's classes from the same class loader.
 */
final class InMemoryRecords implements GeneratorFunction<Long, KinesisRecord> {

    private static final long serialVersionUID = 1L;

    private static volatile KinesisRecord[] records = new KinesisRecord[0];
    /** Striped, so that two source subtasks do not fight over one counter. */
    private static final LongAdder EMITTED = new LongAdder();

    static DataStream<KinesisRecord> source(StreamExecutionEnvironment env, KinesisRecord[] input) {
        records = input;
        EMITTED.reset();
        DataGeneratorSource<KinesisRecord> source = new DataGeneratorSource<>(new InMemoryRecords(), input.length,
                RateLimiterStrategy.noOp(), TypeInformation.of(KinesisRecord.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "In-memory Kinesis records")
                .uid("bench-in-memory-records");
    }

    static boolean allEmitted() {
        return EMITTED.sum() >= records.length;
    }

    @Override
    public KinesisRecord map(Long index) {
        EMITTED.increment();
        return records[(int) (long) index];
    }
}
