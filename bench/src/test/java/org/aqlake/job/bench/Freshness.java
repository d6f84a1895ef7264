package org.aqlake.job.bench;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.LocalFileSystems;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.JobSinks;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestRecord;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Freshness: from the moment a reading is handed to PutRecords until a reader listing the lake finds
 * it in a committed Parquet file. The whole way runs for real: the Kinesis emulator (npm
 * kinesis-local), the job's Kinesis source with its default polling, the job's graph and an S3
 * protocol peer (in-process S3Proxy) written through Flink's S3 plugin, as in {@code ReadingsLakeIT}.
 *
 * <p>A producer thread sends a steady, low rate of readings, each with its own id as {@code sensorId}
 * and the current time as its event time; the reader lists {@code readings/} every
 * {@value #LIST_MILLIS} ms and reads each new file's {@code device_id} column. Readings sent during the
 * first seconds (the consumer starting, the JIT warming) are not counted. Resolution: the listing
 * period plus the producer's batching ({@value #BATCH_MILLIS} ms).
 */
final class Freshness {

    static final long LIST_MILLIS = 200;
    static final long BATCH_MILLIS = 250;
    private static final String BUCKET = LakeTestJob.TRANSFORMED_BUCKET;
    private static final int SHARDS = 2;
    private static final int PARALLELISM = 2;

    private Freshness() {}

    /** Latency figures of one checkpoint interval, in seconds. */
    public static final class Result {
        public final int intervalSeconds;
        public final int rate;
        public final int sent;
        public final int seen;
        public final double p50;
        public final double p95;
        public final double max;
        public final double min;

        Result(int intervalSeconds, int rate, int sent, double[] latencies) {
            this.intervalSeconds = intervalSeconds;
            this.rate = rate;
            this.sent = sent;
            this.seen = latencies.length;
            double[] s = latencies.clone();
            Arrays.sort(s);
            this.p50 = percentile(s, 50);
            this.p95 = percentile(s, 95);
            this.max = s.length == 0 ? Double.NaN : s[s.length - 1];
            this.min = s.length == 0 ? Double.NaN : s[0];
        }

        /** Nearest rank. */
        static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "checkpoint %d s: %d of %d seen, p50 %.1f s, p95 %.1f s, max %.1f s",
                    intervalSeconds, seen, sent, p50, p95, max);
        }
    }

    static Result measure(int intervalSeconds, Settings settings, java.nio.file.Path work) throws Exception {
        return measure(intervalSeconds, settings, work, Map.of());
    }

    /** @param overrides configuration keys set for this run, such as the compaction's */
    static Result measure(int intervalSeconds, Settings settings, java.nio.file.Path work,
            Map<String, String> overrides) throws Exception {
        Files.createDirectories(work);
        String stream = "bench-freshness-" + intervalSeconds;
        try (AutoCloseable emulator = KinesisEmulator.startStandalone();
                EmbeddedS3 s3 = new EmbeddedS3();
                KinesisClient kinesis = KinesisEmulator.client();
                BenchCluster cluster = new BenchCluster(work.resolve("checkpoints"))) {
            s3.createBucket(BUCKET);
            Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), s3.endpoint(), true,
                    EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
            FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
            KinesisEmulator.createStream(kinesis, stream, SHARDS);

            Map<String, String> c = LakeTestJob.config(stream);
            // the job's own source defaults: poll every 200 ms, look for new shards every 10 s; no raw archive
            c.remove("kinesis.shard-discovery-interval");
            c.remove("kinesis.poll-interval");
            c.remove("lake.raw-archive.enabled");
            c.remove("lake.raw-path");
            c.put("pipeline.checkpoint-interval", intervalSeconds + " s");
            c.putAll(overrides);
            JobConfig cfg = JobConfig.from(c);
            StreamExecutionEnvironment env = cluster.environment(PARALLELISM);
            AqLakeJob.configure(env, cfg);
            AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
            JobClient job = env.executeAsync("bench-freshness-" + intervalSeconds);
            try {
                // with compaction a reading waits up to that many checkpoints more
                int compaction = cfg.compaction.isOn() ? cfg.compaction.checkpoints() : 0;
                return run(intervalSeconds, settings, kinesis, stream, s3, work, job, compaction);
            } finally {
                LakeTestJob.cancel(job);
                FileSystem.initialize(new Configuration(), null);
            }
        }
    }

    private static Result run(int intervalSeconds, Settings settings, KinesisClient kinesis, String stream,
            EmbeddedS3 s3, java.nio.file.Path work, JobClient job, int compactionCheckpoints) throws Exception {
        Map<String, Long> putAt = new ConcurrentHashMap<>();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger measuredSent = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        List<Throwable> producerFailure = new ArrayList<>();
        int perBatch = Math.max(1, (int) Math.round(settings.freshnessRate * BATCH_MILLIS / 1000.0));

        Thread producer = new Thread(() -> {
            long next = System.currentTimeMillis();
            try {
                while (sending.get()) {
                    boolean measured = measuring.get();
                    List<TestRecord> batch = new ArrayList<>();
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < perBatch; i++) {
                        String id = (measured ? "m-" : "w-") + counter.getAndIncrement();
                        batch.add(new TestRecord(id, payload(id, now), null, now));
                    }
                    long before = System.currentTimeMillis();
                    for (TestRecord r : batch) {
                        putAt.put(r.id, before);
                    }
                    KinesisEmulator.put(kinesis, stream, batch);
                    if (measured) {
                        measuredSent.addAndGet(batch.size());
                    }
                    next += BATCH_MILLIS;
                    long sleep = next - System.currentTimeMillis();
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (Throwable t) {
                producerFailure.add(t);
            }
        }, "bench-freshness-producer");
        producer.setDaemon(true);
        producer.start();

        Set<String> seenFiles = new HashSet<>();
        List<Double> latencies = new ArrayList<>();
        Set<String> measuredSeen = new HashSet<>();
        long start = System.currentTimeMillis();
        long measureFrom = start + settings.freshnessWarmupSeconds * 1000L;
        long measureUntil = measureFrom + settings.freshnessSeconds * 1000L;
        // after the last send, the reading must be committed within two intervals, or it counts as missing
        long giveUpAt = measureUntil + (2L + compactionCheckpoints) * intervalSeconds * 1000L + 30_000L;
        java.nio.file.Path download = work.resolve("download.parquet");
        while (true) {
            long now = System.currentTimeMillis();
            if (!measuring.get() && now >= measureFrom) {
                measuring.set(true);
            }
            if (sending.get() && now >= measureUntil) {
                sending.set(false);
                producer.join();
            }
            if (!producerFailure.isEmpty()) {
                throw new IllegalStateException("producer failed", producerFailure.get(0));
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the freshness job ended: " + job.getJobStatus().get());
            }
            long listedAt = System.currentTimeMillis();
            for (String key : s3.list(BUCKET, stream + "/readings/")) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                // a hidden file (a writer's, waiting for compaction) is no part of the table
                if (!key.endsWith(".parquet") || name.startsWith(".") || name.startsWith("_") || !seenFiles.add(key)) {
                    continue;
                }
                try (InputStream in = s3.blobStore().getBlob(BUCKET, key).getPayload().openStream()) {
                    Files.copy(in, download, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                for (String id : deviceIds(download)) {
                    Long put = putAt.get(id);
                    if (id.startsWith("m-") && put != null && measuredSeen.add(id)) {
                        latencies.add((listedAt - put) / 1000.0);
                    }
                }
            }
            if (!sending.get() && measuredSeen.size() >= measuredSent.get()) {
                break;
            }
            if (now > giveUpAt) {
                break; // what is missing shows as seen < sent in the result
            }
            Thread.sleep(LIST_MILLIS);
        }
        double[] l = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(intervalSeconds, settings.freshnessRate, measuredSent.get(), l);
    }

    /** A government reading (a consent gate lets it through) measured now, its id as sensorId. */
    static byte[] payload(String id, long now) {
        String utc = Instant.ofEpochMilli(now).toString();
        return String.format(Locale.ROOT,
                "{\"date\":{\"utc\":\"%s\",\"local\":\"%s\"},\"parameter\":\"pm25\",\"location\":\"Freshness %d\","
                        + "\"value\":%d.5,\"unit\":\"µg/m³\",\"city\":\"Test\","
                        + "\"coordinates\":{\"latitude\":51.5,\"longitude\":-0.15},\"country\":\"GB\","
                        + "\"sourceName\":\"bench\",\"sourceType\":\"government\",\"mobile\":false,\"sensorId\":\"%s\"}",
                utc, utc, Math.abs(id.hashCode()) % 20, Math.abs(id.hashCode()) % 90, id)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> deviceIds(java.nio.file.Path file) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new Path(file.toUri()))
                .build()) {
            Group g;
            while ((g = reader.read()) != null) {
                if (g.getFieldRepetitionCount("device_id") > 0) {
                    ids.add(g.getString("device_id", 0));
                }
            }
        }
        return ids;
    }
}
