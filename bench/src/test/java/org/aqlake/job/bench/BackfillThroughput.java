package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.AqLakeBackfill;
import org.aqlake.job.AqLakeJob;
import org.aqlake.job.JobSinks;
import org.aqlake.job.backfill.BackfillFiles;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Variant (d): the job's backfill ({@link AqLakeBackfill#build}), the same pipeline as (a) over a file instead
 * of records in memory: the same payloads as gzipped realtime NDJSON, or as a gzipped OpenAQ daily CSV (each
 * row turned back into the realtime reading before decoding). Same configuration, registry and lake as (a);
 * the files are written before anything is timed, and reading and decompressing them is in the figure.
 */
final class BackfillThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BackfillThroughput() {}

    static Measurement run(BenchCluster cluster, Path file, int records, long expectedRows, int parallelism, Path lake,
            Path consentRegistry) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("consent.bootstrap-path", consentRegistry.toUri().toString());
        c.put("lake.transformed-path", lake.toUri().toString());
        c.put("pipeline.checkpoint-interval", PipelineThroughput.CHECKPOINT_INTERVAL);
        c.put("backfill.enabled", "true");
        c.put("backfill.paths", file.toUri().toString());
        c.put("backfill.csv-source-type", "government");
        JobConfig cfg = JobConfig.from(c);

        StreamExecutionEnvironment env = cluster.environment(parallelism);
        AqLakeJob.configure(env, cfg);
        List<FileStatus> files = BackfillFiles.list(cfg.backfill.orElseThrow().paths);
        AqLakeBackfill.build(env, cfg, files, JobSinks.forBackfill(cfg));

        System.gc();
        CpuClock.Started clock = CpuClock.start();
        JobClient job = env.executeAsync("bench-backfill-p" + parallelism);
        cluster.awaitEnd(job, () -> true);
        Measurement m = clock.stop(records);

        LakeFiles readings = LakeFiles.parquet(lake.resolve("readings"));
        if (readings.rows != expectedRows || readings.hidden != 0) {
            throw new IllegalStateException("backfill of " + file.getFileName() + " wrote " + readings.rows
                    + " rows where " + expectedRows + " were expected (" + readings.hidden + " files left uncommitted)");
        }
        return m;
    }

    /** The payloads as realtime NDJSON, gzipped. */
    static Path writeNdjson(KinesisRecord[] input, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), 1 << 16)) {
            for (KinesisRecord r : input) {
                out.write(r.data);
                out.write('\n');
            }
        }
        return file;
    }

    /** The payloads as an OpenAQ daily CSV without header, gzipped: the columns the daily layout has. */
    static Path writeDailyCsv(KinesisRecord[] input, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), 1 << 16)) {
            for (KinesisRecord r : input) {
                JsonNode n = JSON.readTree(r.data);
                String row = String.join(",", n.path("location").asText(), n.path("city").asText(),
                        n.path("country").asText(), n.path("date").path("utc").asText(),
                        n.path("date").path("local").asText(), n.path("parameter").asText(),
                        n.path("value").asText(), n.path("unit").asText(),
                        n.path("coordinates").path("latitude").asText(),
                        n.path("coordinates").path("longitude").asText(),
                        "\"" + n.path("attribution").toString().replace("\"", "\"\"") + "\"");
                out.write(row.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return file;
    }
}
