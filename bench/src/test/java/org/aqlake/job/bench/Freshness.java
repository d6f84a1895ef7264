package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.JobSinks;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestRecord;

import software.amazon.awssdk.services.kinesis.KinesisClient;

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
 * Freshness: from the moment a reading is handed to PutRecords until a reader of the lake finds it in a
 * file it can see: a committed (or compacted) Parquet file, or a data file of the Iceberg table's current
 * snapshot ({@link VisibleReadings}). The whole way runs for real: the Kinesis emulator (npm
 * kinesis-local), the job's Kinesis source with its default polling, the job's graph and, by default, an
 * S3 protocol peer (in-process S3Proxy) written through Flink's S3 plugin, as in {@code ReadingsLakeIT}.
 *
 * <p>A producer thread sends a steady, low rate of readings, each with its own id as {@code sensorId}
 * and the current time as its event time; the reader looks for newly visible files every
 * {@value #LIST_MILLIS} ms and reads each one's {@code device_id} column. Readings sent during the
 * first seconds (the consumer starting, the JIT warming) are not counted. Resolution: the listing
 * period plus the producer's batching ({@value #BATCH_MILLIS} ms).
 */
final class Freshness {

    static final long LIST_MILLIS = 200;
    static final long BATCH_MILLIS = 250;
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
        /** Checkpoints the job completed from its start until the reader had found every reading. */
        public long checkpoints;
        /** Seconds from the job's submission until then: over {@link #checkpoints}, the interval it really had. */
        public double seconds;

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
        return measure(intervalSeconds, settings, work, overrides, stream -> new S3Readings(stream, work));
    }

    /** Opens the lake of one freshness run, given the name of its Kinesis stream. */
    interface Lake {
        VisibleReadings open(String stream) throws Exception;
    }

    /**
     * @param overrides configuration keys set for this run, such as the compaction's
     * @param lake where the job writes the readings and how a reader finds them
     */
    static Result measure(int intervalSeconds, Settings settings, java.nio.file.Path work,
            Map<String, String> overrides, Lake lake) throws Exception {
        return measure(intervalSeconds, settings, work, List.of(new Run(overrides, lake))).get(0);
    }

    /** The keys set for one freshness run, and its lake. */
    static final class Run {
        final Map<String, String> overrides;
        final Lake lake;

        Run(Map<String, String> overrides, Lake lake) {
            this.overrides = overrides;
            this.lake = lake;
        }
    }

    /** Runs one after the other on one Kinesis emulator, each with a stream, a lake and a cluster of its own. */
    static List<Result> measure(int intervalSeconds, Settings settings, java.nio.file.Path work, List<Run> runs)
            throws Exception {
        Files.createDirectories(work);
        List<Result> results = new ArrayList<>();
        try (AutoCloseable emulator = KinesisEmulator.startStandalone();
                KinesisClient kinesis = KinesisEmulator.client()) {
            for (Run run : runs) {
                String stream = "bench-freshness-" + intervalSeconds + (results.isEmpty() ? "" : "-" + results.size());
                results.add(measure(intervalSeconds, settings, work, run, kinesis, stream));
            }
        }
        return results;
    }

    private static Result measure(int intervalSeconds, Settings settings, java.nio.file.Path work, Run run,
            KinesisClient kinesis, String stream) throws Exception {
        try (VisibleReadings readings = run.lake.open(stream);
                BenchCluster cluster = new BenchCluster(work.resolve("checkpoints"))) {
            KinesisEmulator.createStream(kinesis, stream, SHARDS);

            Map<String, String> c = LakeTestJob.config(stream);
            // the job's own source defaults: poll every 200 ms, look for new shards every 10 s; no raw archive
            c.remove("kinesis.shard-discovery-interval");
            c.remove("kinesis.poll-interval");
            c.remove("lake.raw-archive.enabled");
            c.remove("lake.raw-path");
            c.put("pipeline.checkpoint-interval", intervalSeconds + " s");
            c.putAll(readings.config());
            c.putAll(run.overrides);
            JobConfig cfg = JobConfig.from(c);
            StreamExecutionEnvironment env = cluster.environment(PARALLELISM);
            AqLakeJob.configure(env, cfg);
            AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
            long submitted = System.nanoTime();
            JobClient job = env.executeAsync(stream);
            try {
                // with compaction a reading waits up to that many checkpoints more
                int compaction = cfg.compaction.isOn() ? cfg.compaction.checkpoints() : 0;
                Result r = run(intervalSeconds, settings, kinesis, stream, readings, job, compaction);
                r.seconds = (System.nanoTime() - submitted) / 1e9;
                r.checkpoints = cluster.completedCheckpointsSoFar(job.getJobID());
                return r;
            } finally {
                LakeTestJob.cancel(job);
            }
        }
    }

    private static Result run(int intervalSeconds, Settings settings, KinesisClient kinesis, String stream,
            VisibleReadings readings, JobClient job, int compactionCheckpoints) throws Exception {
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

        List<Double> latencies = new ArrayList<>();
        Set<String> measuredSeen = new HashSet<>();
        long start = System.currentTimeMillis();
        long measureFrom = start + settings.freshnessWarmupSeconds * 1000L;
        long measureUntil = measureFrom + settings.freshnessSeconds * 1000L;
        // after the last send, the reading must be committed within two intervals, or it counts as missing
        long giveUpAt = measureUntil + (2L + compactionCheckpoints) * intervalSeconds * 1000L + 30_000L;
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
            for (String id : readings.newlyVisible()) {
                Long put = putAt.get(id);
                if (id.startsWith("m-") && put != null && measuredSeen.add(id)) {
                    latencies.add((listedAt - put) / 1000.0);
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
}
