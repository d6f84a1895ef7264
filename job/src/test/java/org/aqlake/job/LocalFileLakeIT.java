package org.aqlake.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same pipeline writing to {@code file://} instead of S3, from a bounded input, with SNAPPY and a
 * partition key in the template: the lake works on plain local folders too.
 */
class LocalFileLakeIT {

    static final int RECORDS = 2_000;
    static final long ARRIVAL = TestReadings.BASE_TIME + 24 * 3_600_000L;

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    @TempDir
    Path dir;

    @Test
    void aBoundedRunWritesEveryRecordToLocalFoldersAndCommitsThemAtTheEnd() throws Exception {
        List<TestRecord> input = TestReadings.mixed("local-", RECORDS);
        Map<String, String> c = new java.util.HashMap<>();
        c.put("lake.raw-archive.enabled", "true");
        c.put("lake.transformed-path", dir.resolve("transformed").toUri().toString());
        c.put("lake.raw-path", dir.resolve("raw").toUri().toString());
        c.put("lake.parquet-compression", "SNAPPY");
        c.put("lake.partition-template", "parameter=!{partitionKey:parameter}/dt=!{timestamp:yyyy-MM-dd}/");
        JobConfig cfg = JobConfig.from(c);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(LakeTestJob.PARALLELISM);
        env.enableCheckpointing(500);
        AqLakeJob.configure(env, cfg); // the job's own settings (object reuse), as it runs
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            TestRecord r = input.get(i);
            records.add(new KinesisRecord(r.payload, "local", "shardId-00000000000" + (i % 2), Integer.toString(i),
                    r.partitionKey, ARRIVAL));
        }
        DataStream<KinesisRecord> source = env.fromData(records);
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        env.execute("local-file-lake");

        LakeContents lake = new LakeContents(dir.resolve("transformed/readings"), dir.resolve("transformed/errors"),
                dir.resolve("raw"));
        // without a consent registry the community readings are denied: rows are the exempt readings
        long valid = input.stream().filter(TestRecord::rowWithoutConsent).count();
        long invalid = input.stream().filter(r -> !r.valid()).count();
        assertThat(lake.readings()).hasSize((int) valid);
        assertThat(lake.deadLetters()).hasSize((int) invalid);
        assertThat(lake.raw()).hasSize(RECORDS);
        assertThat(lake.readings()).allSatisfy(r -> assertThat((String) r.get("_partition"))
                .isEqualTo("parameter=" + r.get("parameter") + "/dt=2024-05-01"));
        List<Map<String, Object>> duck = DuckDb.query(
                "SELECT count(*) AS n, count(DISTINCT device_id) AS ids, min(compression) AS codec"
                        + " FROM read_parquet(?, hive_partitioning = true) r,"
                        + " (SELECT DISTINCT compression FROM parquet_metadata(?))",
                DuckDb.parquetGlob(lake.readingsDir), DuckDb.parquetGlob(lake.readingsDir));
        assertThat(((Number) duck.get(0).get("n")).longValue()).isEqualTo(valid);
        assertThat(((Number) duck.get(0).get("ids")).longValue()).isEqualTo(valid);
        assertThat(duck.get(0).get("codec")).isEqualTo("SNAPPY");
    }
}
