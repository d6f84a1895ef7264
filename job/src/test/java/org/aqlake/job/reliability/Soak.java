package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.LocalFileSystems;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.JobSinks;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestConsent;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;
import org.aqlake.job.metrics.MetricNames;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The soak (RELIABILITY.md, {@code ./bench/soak}): the whole job on a MiniCluster, reading a steady rate
 * of readings from the Kinesis emulator and writing the lake through s3a to S3Proxy (objects on disk,
 * so the lake does not fill the heap that is measured), with checkpoints, for a fixed time. Every
 * sample records heap after GC, the last checkpoint's state size and duration, open files, threads and
 * the consumer's lag. At the end the median of the last third of the samples is compared with the
 * middle third's (the first third is warm-up); the run fails when one of them grew past its tolerance,
 * when the job restarted, or when the lag grew.
 *
 * <p>Arguments: {@code --minutes=20 --rate=500 --sample-seconds=30 --checkpoint-seconds=10}.
 */
public final class Soak {

    static final String STREAM = "soak";
    static final long MINUTE = 60_000L;
    static final int DEVICES = 100;
    /** Of every 100 records: community readings of registry devices (half consented), and dead letters. */
    static final int COMMUNITY_PERCENT = 10;
    static final int INVALID_PERCENT = 2;
    static final long PUT_PERIOD_MILLIS = 200;
    /** Smaller than PutRecords allows: on a loaded machine the emulator answers large calls too late. */
    static final int PUT_RECORDS = 100;

    private Soak() {}

    /** One row of the report. */
    static final class Sample {
        long elapsedSeconds;
        double heapAfterGcMb;
        double stateMb;
        long checkpointMillis;
        long checkpoints;
        long failedCheckpoints;
        long openFiles;
        long threads;
        long produced;
        long unsure;
        long lag;
        long restarts;

        String row() {
            return String.format(Locale.ROOT, "| %6d | %8.1f | %8.2f | %6d | %5d | %4d | %5d | %5d | %9d | %6d | %7d | %3d |",
                    elapsedSeconds, heapAfterGcMb, stateMb, checkpointMillis, checkpoints, failedCheckpoints, openFiles,
                    threads, produced, unsure, lag, restarts);
        }
    }

    /** produced: put and acknowledged; unsure: put, but the call timed out (most land: PutRecords is not idempotent). */
    static final String HEADER = "|  t (s) | heap MiB | state MiB | cp ms |  cps | fail | files | thr | produced | unsure |     lag | rst |\n"
            + "|-------:|---------:|---------:|-------:|------:|-----:|------:|------:|----------:|-------:|--------:|----:|";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (!arg.isBlank()) {
                throw new IllegalArgumentException("unknown argument " + arg + "; use --minutes= --rate= --sample-seconds= --checkpoint-seconds=");
            }
        }
        double minutes = Double.parseDouble(a.getOrDefault("minutes", "20"));
        int rate = Integer.parseInt(a.getOrDefault("rate", "500"));
        int sampleSeconds = Integer.parseInt(a.getOrDefault("sample-seconds", "30"));
        int checkpointSeconds = Integer.parseInt(a.getOrDefault("checkpoint-seconds", "10"));
        int code = run(minutes, rate, sampleSeconds, checkpointSeconds);
        System.exit(code);
    }

    static int run(double minutes, int rate, int sampleSeconds, int checkpointSeconds) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "soak"));
        Path runDir = Files.createTempDirectory(work, "run-");
        Instant started = Instant.now();
        log(String.format(Locale.ROOT, "soak: %.1f min at %d records/s, checkpoint every %d s, sample every %d s, in %s",
                minutes, rate, checkpointSeconds, sampleSeconds, runDir));
        InMemoryReporter metrics = InMemoryReporter.create();
        List<Sample> samples = new ArrayList<>();
        JobStatus finalStatus;
        try (AutoCloseable kinesisProcess = KinesisEmulator.startStandalone();
                EmbeddedS3 s3 = new EmbeddedS3(Files.createDirectories(runDir.resolve("s3")));
                KinesisClient kinesis = KinesisEmulator.client()) {
            s3.createBucket(LakeTestJob.TRANSFORMED_BUCKET);
            s3.createBucket(LakeTestJob.RAW_BUCKET);
            Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), s3.endpoint(), true,
                    EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
            FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
            KinesisEmulator.createStream(kinesis, STREAM, 4);

            Configuration conf = new Configuration();
            conf.setString("execution.checkpointing.storage", "filesystem");
            conf.setString("execution.checkpointing.dir", runDir.resolve("checkpoints").toUri().toString());
            // a restart must show in the figures rather than end the run
            conf.setString("restart-strategy.type", "fixed-delay");
            conf.setString("restart-strategy.fixed-delay.attempts", "1000");
            conf.setString("restart-strategy.fixed-delay.delay", "1 s");
            conf.setString("rest.bind-port", "0");
            metrics.addToConfiguration(conf);
            try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setNumTaskManagers(1).setNumSlotsPerTaskManager(LakeTestJob.PARALLELISM)
                    .setConfiguration(conf).build())) {
                cluster.start();
                Map<String, String> c = LakeTestJob.config(STREAM);
                Path registry = Files.createDirectories(runDir.resolve("registry")).resolve("customers.json");
                Files.write(registry, registry(), StandardCharsets.UTF_8);
                c.put("consent.bootstrap-path", registry.toUri().toString());
                c.put("pipeline.checkpoint-interval", checkpointSeconds + " s");
                JobConfig cfg = JobConfig.from(c);
                StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, new Configuration(),
                        LakeTestJob.PARALLELISM, Collections.emptyList(), Collections.emptyList());
                AqLakeJob.configure(env, cfg);
                AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
                JobClient job = env.executeAsync("soak");
                AtomicLong produced = new AtomicLong();
                AtomicLong unsure = new AtomicLong();
                AtomicBoolean producing = new AtomicBoolean(true);
                Thread producer = new Thread(() -> produce(kinesis, rate, produced, unsure, producing), "soak-producer");
                producer.setDaemon(true);
                producer.start();
                System.out.println(HEADER);
                long end = System.nanoTime() + (long) (minutes * 60_000_000_000L);
                long t0 = System.nanoTime();
                try {
                    while (System.nanoTime() < end) {
                        Thread.sleep(sampleSeconds * 1000L);
                        if (job.getJobStatus().get().isGloballyTerminalState()) {
                            log("the job ended: " + job.getJobStatus().get());
                            break;
                        }
                        Sample s = sample(cluster, job.getJobID(), metrics, produced.get(), unsure.get(),
                                (System.nanoTime() - t0) / 1_000_000_000L);
                        samples.add(s);
                        System.out.println(s.row());
                    }
                } finally {
                    producing.set(false);
                    producer.join(10_000);
                    finalStatus = job.getJobStatus().get();
                    LakeTestJob.cancel(job);
                }
            }
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }
        List<String> verdicts = new ArrayList<>();
        boolean flat = verdict(samples, finalStatus, verdicts);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "soak started %s: %.1f min at %d records/s, checkpoint every %d s, "
                + "sample every %d s; job %s at the end%n%n", started, minutes, rate, checkpointSeconds, sampleSeconds, finalStatus));
        report.append(HEADER).append('\n');
        samples.forEach(s -> report.append(s.row()).append('\n'));
        report.append('\n');
        verdicts.forEach(v -> report.append("- ").append(v).append('\n'));
        report.append('\n').append(flat ? "FLAT" : "NOT FLAT").append('\n');
        Path out = work.resolve("report-" + started.toString().replace(':', '-') + ".md");
        Files.writeString(out, report);
        System.out.println();
        System.out.print(report);
        log("report: " + out.toAbsolutePath());
        return flat ? 0 : 1;
    }

    /** Half the registry devices consented long before the run, the other half revoked. */
    static List<String> registry() {
        List<String> lines = new ArrayList<>();
        long longBefore = System.currentTimeMillis() - 24 * 60 * MINUTE;
        for (int d = 0; d < DEVICES; d++) {
            lines.add(TestConsent.stediLine(device(d), d % 2 == 0 ? longBefore : null, longBefore));
        }
        return lines;
    }

    static String device(int d) {
        return String.format(Locale.ROOT, "soak-dev-%03d", d);
    }

    /**
     * Keeps the records put at rate × elapsed time, in PutRecords calls of at most 500 every 200 ms,
     * measured now (with up to 30 s of jitter), until told to stop. A producer that falls behind shows
     * in the report's produced column.
     */
    static void produce(KinesisClient kinesis, int rate, AtomicLong produced, AtomicLong unsure, AtomicBoolean producing) {
        Random random = new Random(1);
        long start = System.nanoTime();
        long n = 0;
        while (producing.get()) {
            long due = (System.nanoTime() - start) / 1_000_000L * rate / 1000L;
            List<TestRecord> batch = new ArrayList<>();
            long now = System.currentTimeMillis();
            while (n < due && batch.size() < PUT_RECORDS) {
                batch.add(new TestRecord("s-" + n, payload(n, now, random), null, now));
                n++;
            }
            try {
                if (!batch.isEmpty()) {
                    KinesisEmulator.put(kinesis, STREAM, batch);
                    produced.addAndGet(batch.size());
                }
                if (n >= due) {
                    Thread.sleep(PUT_PERIOD_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // not sent again: a second put of records that did land would be a duplicate in the stream
                unsure.addAndGet(batch.size());
                log("producer: " + batch.size() + " records unsure: " + e);
            }
        }
    }

    static byte[] payload(long n, long now, Random random) {
        String id = "s-" + n;
        int kind = (int) (n % 100);
        if (kind < INVALID_PERCENT) {
            return kind == 0 ? TestReadings.invalidUtf8() : TestReadings.utf8("{\"value\": not json " + n);
        }
        long t = now - random.nextInt(30_000);
        String json = TestReadings.openAq(id, (int) (n % 1000), t, "pm25", random.nextInt(500) / 10.0, "µg/m³");
        if (kind < INVALID_PERCENT + COMMUNITY_PERCENT) {
            json = json.replace("\"sourceType\":\"government\"", "\"sourceType\":\"community\"")
                    .replace("\"sensorId\":\"" + id + "\"", "\"sensorId\":\"" + device(random.nextInt(DEVICES)) + "\"");
        }
        return TestReadings.utf8(json);
    }

    static Sample sample(MiniCluster cluster, JobID job, InMemoryReporter metrics, long produced, long unsure, long elapsed)
            throws Exception {
        Sample s = new Sample();
        s.elapsedSeconds = elapsed;
        System.gc();
        Thread.sleep(200);
        System.gc();
        s.heapAfterGcMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        CheckpointStatsSnapshot stats = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
        if (stats != null) {
            CompletedCheckpointStats last = stats.getHistory().getLatestCompletedCheckpoint();
            if (last != null) {
                s.stateMb = last.getStateSize() / 1048576.0;
                s.checkpointMillis = last.getEndToEndDuration();
            }
            s.checkpoints = stats.getCounts().getNumberOfCompletedCheckpoints();
            s.failedCheckpoints = stats.getCounts().getNumberOfFailedCheckpoints();
        }
        s.openFiles = openFiles();
        s.threads = ManagementFactory.getThreadMXBean().getThreadCount();
        s.produced = produced;
        s.unsure = unsure;
        long decided = LakeTestJob.counter(metrics, job, "." + MetricNames.READINGS_DECODED);
        for (ErrorType type : ErrorType.READING_ERRORS) {
            decided += LakeTestJob.counter(metrics, job, "." + MetricNames.ERROR_TYPE + "." + type.id()
                    + "." + MetricNames.DEAD_LETTERS);
        }
        // counting the unsure records as sent makes the lag an upper bound
        s.lag = produced + unsure - decided;
        s.restarts = ReliabilityRuns.restarts(metrics, job).orElse(-1);
        return s;
    }

    static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * Flat: the median of the last third stays within the tolerance of the middle third's. The
     * tolerances allow for what a steady job does (GC timing, a checkpoint that caught a rolling file).
     */
    static boolean verdict(List<Sample> samples, JobStatus status, List<String> out) {
        if (samples.size() < 6) {
            out.add("too few samples (" + samples.size() + ") to compare thirds");
            return false;
        }
        int third = samples.size() / 3;
        List<Sample> middle = samples.subList(third, 2 * third);
        List<Sample> last = samples.subList(samples.size() - third, samples.size());
        boolean flat = true;
        flat &= flat(out, "heap after GC (MiB)", middle, last, s -> s.heapAfterGcMb, 1.20, 32);
        flat &= flat(out, "checkpointed state (MiB)", middle, last, s -> s.stateMb, 1.20, 1);
        flat &= flat(out, "checkpoint duration (ms)", middle, last, s -> s.checkpointMillis, 1.50, 1_000);
        flat &= flat(out, "open files", middle, last, s -> s.openFiles, 1.0, 20);
        flat &= flat(out, "threads", middle, last, s -> s.threads, 1.0, 10);
        flat &= flat(out, "consumer lag (records)", middle, last, s -> s.lag, 1.5, 5_000);
        Sample end = samples.get(samples.size() - 1);
        boolean running = status == JobStatus.RUNNING;
        out.add("job status at the end: " + status + (running ? "" : " (NOT RUNNING)"));
        out.add("restarts: " + end.restarts + (end.restarts == 0 ? "" : " (NOT ZERO)"));
        out.add("failed checkpoints: " + end.failedCheckpoints + " of " + (end.checkpoints + end.failedCheckpoints));
        return flat && running && end.restarts == 0 && end.failedCheckpoints == 0;
    }

    static boolean flat(List<String> out, String name, List<Sample> middle, List<Sample> last, ToDoubleFunction<Sample> f,
            double factor, double slack) {
        double m = median(middle, f);
        double l = median(last, f);
        boolean ok = l <= m * factor + slack;
        out.add(String.format(Locale.ROOT, "%s: middle third median %.1f, last third median %.1f (limit %.1f): %s",
                name, m, l, m * factor + slack, ok ? "flat" : "GREW"));
        return ok;
    }

    static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static void log(String line) {
        System.out.println(Instant.now() + " " + line);
    }
}
