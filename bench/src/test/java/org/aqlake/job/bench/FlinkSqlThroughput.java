package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import org.aqlake.job.model.KinesisRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * Variant (c): what a Flink SQL user would write for the same lake, JSON to ZSTD Parquet partitioned
 * by the reading's hour, in <b>streaming</b> mode with checkpoints every 10 s like the job. The
 * payloads are written to a JSON-lines file first (untimed) and read by the filesystem connector with
 * the {@code json} format; the job's in-memory source has no SQL equivalent.
 *
 * <p>It does less than the job: no validation, no dead letters, no aggregates, no lineage columns
 * (the file has none). It also pays for reading the file, which the job's in-memory source does not.
 */
final class FlinkSqlThroughput {

    private FlinkSqlThroughput() {}

    /** The payloads one per line, as Firehose would have landed them. */
    static Path writeJsonLines(KinesisRecord[] input, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (KinesisRecord r : input) {
                out.write(r.data);
                out.write('\n');
            }
        }
        return file;
    }

    static Measurement run(BenchCluster cluster, Path jsonLines, long records, int parallelism, Path out)
            throws Exception {
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        env.enableCheckpointing(10_000);
        StreamTableEnvironment sql = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        sql.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        sql.executeSql("CREATE TEMPORARY TABLE payloads ("
                + " `date` ROW<`utc` STRING, `local` STRING>, `parameter` STRING, `location` STRING, `value` DOUBLE,"
                + " `unit` STRING, `city` STRING, `averagingPeriod` ROW<`value` DOUBLE, `unit` STRING>,"
                + " `coordinates` ROW<`latitude` DOUBLE, `longitude` DOUBLE>, `country` STRING, `sourceName` STRING,"
                + " `sourceType` STRING, `mobile` BOOLEAN, `sensorId` STRING, `serialNumber` STRING"
                + ") WITH ('connector' = 'filesystem', 'path' = '" + jsonLines.toUri() + "', 'format' = 'json')");
        sql.executeSql("CREATE TEMPORARY TABLE readings ("
                + " `event_time` TIMESTAMP(3), `parameter` STRING, `value` DOUBLE, `unit` STRING, `location` STRING,"
                + " `city` STRING, `country` STRING, `latitude` DOUBLE, `longitude` DOUBLE, `averaging_period_value` DOUBLE,"
                + " `averaging_period_unit` STRING, `source_name` STRING, `source_type` STRING, `mobile` BOOLEAN,"
                + " `device_id` STRING, `year` STRING, `month` STRING, `day` STRING, `hour` STRING"
                + ") PARTITIONED BY (`year`, `month`, `day`, `hour`) WITH ('connector' = 'filesystem',"
                + " 'path' = '" + out.toUri() + "', 'format' = 'parquet', 'parquet.compression' = 'ZSTD')");
        String insert = "INSERT INTO readings SELECT t, `parameter`, `value`, `unit`, `location`, `city`, `country`,"
                + " `coordinates`.`latitude`, `coordinates`.`longitude`, `averagingPeriod`.`value`, `averagingPeriod`.`unit`,"
                + " `sourceName`, `sourceType`, `mobile`, COALESCE(`sensorId`, `serialNumber`),"
                + " DATE_FORMAT(t, 'yyyy'), DATE_FORMAT(t, 'MM'), DATE_FORMAT(t, 'dd'), DATE_FORMAT(t, 'HH')"
                + " FROM (SELECT *, TO_TIMESTAMP(`date`.`utc`, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS t FROM payloads)";

        System.gc();
        CpuClock.Started clock = CpuClock.start();
        TableResult result = sql.executeSql(insert);
        JobClient job = result.getJobClient().orElseThrow();
        // the file source gives no signal when it has read everything: idleness alone tells
        cluster.awaitEnd(job, () -> true);
        Measurement m = clock.stop(records);

        LakeFiles written = LakeFiles.parquet(out);
        if (written.rows != records) {
            throw new IllegalStateException("Flink SQL wrote " + written.rows + " rows of " + records);
        }
        return m;
    }
}
