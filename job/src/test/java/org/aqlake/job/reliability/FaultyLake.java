package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.LocalFileSystems;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.JobSinks;
import org.aqlake.job.sink.Compaction;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestRecord;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The lake of one fault run: the real S3Proxy and kinesis-local, each behind a {@link FaultProxy} that
 * the job's endpoints point at, and a reader that lists the table every 100 ms straight from the store
 * (not through the proxy) and remembers any key that is not a committed file.
 *
 * <p>The test's producer writes straight to kinesis-local, not through the proxy, and never retries a
 * call blindly ({@link #producer()}): each record is put exactly once, so a duplicate in the lake can only
 * come from the job (producer retries are dropped by the duplicate filter, tested by DuplicateRecordsIT).
 */
public final class FaultyLake implements AutoCloseable {

    static final Duration LIST_EVERY = Duration.ofMillis(100);
    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    static final Duration PRODUCER_READ_TIMEOUT = Duration.ofMinutes(5);
    /** How often the raw archive is copied to count it; a long run's archive is large. */
    public volatile Duration pollEvery = POLL_EVERY;

    public final String stream;
    public final Path work;
    public final EmbeddedS3 s3;
    public final FaultProxy s3Proxy;
    public final FaultProxy kinesisProxy;
    public final KinesisClient kinesis;
    public final Set<String> uncommittedSeen = new ConcurrentSkipListSet<>();
    public final AtomicLong listings = new AtomicLong();
    private final AtomicBoolean listing = new AtomicBoolean(true);
    private final Thread lister;
    private int copies;

    public FaultyLake(String stream, Path work, int shards) throws Exception {
        this.stream = stream;
        this.work = work;
        // WireMock re-creates each request through its own HTTP client, and a request with an empty body
        // (InitiateMultipartUpload) then lacks the Content-Length the SDK signed: S3Proxy would answer
        // SignatureDoesNotMatch. Behind the proxy S3Proxy serves the same protocol without the signature check.
        s3 = new EmbeddedS3(org.gaul.s3proxy.AuthenticationType.NONE);
        s3.createBucket(LakeTestJob.TRANSFORMED_BUCKET);
        s3.createBucket(LakeTestJob.RAW_BUCKET);
        s3Proxy = new FaultProxy("s3", s3.endpoint());
        kinesisProxy = new FaultProxy("kinesis", KinesisEmulator.endpoint());
        useFileSystem();
        kinesis = producer();
        KinesisEmulator.createStream(kinesis, stream, shards);
        lister = new Thread(this::listUntilClosed, "table-lister");
        lister.setDaemon(true);
        lister.start();
    }

    /** Points Flink's s3:// file system at the S3 proxy (a new cluster in this JVM reads it again). */
    public void useFileSystem() {
        Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), s3Proxy.endpoint(), true,
                EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
        FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
    }

    /** The job's config: both endpoints through the proxies. */
    public Map<String, String> config() {
        Map<String, String> c = LakeTestJob.config(stream);
        c.put("kinesis.endpoint", kinesisProxy.endpoint());
        return c;
    }

    /**
     * A cluster config like production's: restarts are not rationed (Managed Flink restarts a failing
     * job for ever), so a fault ends in recovery, never in a job that gave up.
     */
    public static Configuration clusterConfig(InMemoryReporter reporter) {
        Configuration c = new Configuration();
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", "1000");
        c.setString("restart-strategy.fixed-delay.delay", "1 s");
        // a lost TaskManager's tasks are spread over what is left; with two, each hosts one subtask
        c.setString("cluster.evenly-spread-out-slots", "true");
        return reporter.addToConfiguration(c);
    }

    /** Builds the job (the job's own settings and graph, {@code inject} after the source) and starts it. */
    public JobClient start(StreamExecutionEnvironment env, Duration checkpointInterval,
            UnaryOperator<DataStream<KinesisRecord>> inject) throws Exception {
        JobConfig cfg = JobConfig.from(config());
        env.enableCheckpointing(checkpointInterval.toMillis());
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(inject.apply(AqLakeJob.createSource(env, cfg)), cfg, JobSinks.create(cfg));
        return env.executeAsync(stream);
    }

    /**
     * A client of kinesis-local that never retries a call: the SDK's own retries re-send a PutRecords
     * whose answer timed out (a loaded emulator answers slowly), which may put its records twice. A call
     * that fails fails the run instead; entries the emulator answered as failed are not in the stream and
     * are sent again by {@link KinesisEmulator#put}. A read timeout long enough for a loaded machine.
     */
    static KinesisClient producer() {
        return KinesisClient.builder()
                .endpointOverride(java.net.URI.create(KinesisEmulator.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(KinesisEmulator.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                KinesisEmulator.ACCESS_KEY, KinesisEmulator.SECRET_KEY)))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                        .socketTimeout(PRODUCER_READ_TIMEOUT))
                .overrideConfiguration(o -> o.retryPolicy(software.amazon.awssdk.core.retry.RetryPolicy.none()))
                .build();
    }

    /** Puts the records straight into kinesis-local, each once. */
    public void send(List<TestRecord> records) throws InterruptedException {
        KinesisEmulator.put(kinesis, stream, records);
    }

    /** A copy of what the store holds now, read without the proxy. */
    public synchronized LakeContents copy(String name) throws Exception {
        Path dir = work.resolve(name + "-" + copies++);
        Path t = dir.resolve("transformed");
        Path r = dir.resolve("raw");
        s3.download(LakeTestJob.TRANSFORMED_BUCKET, stream + "/", t);
        s3.download(LakeTestJob.RAW_BUCKET, stream + "/", r);
        return new LakeContents(t.resolve(stream).resolve("readings"), t.resolve(stream).resolve("errors"),
                r.resolve(stream));
    }

    /** Committed lines of the raw archive: every record the job has read, once a checkpoint passed it. */
    public long committedRaw() {
        try {
            Path dir = work.resolve("poll");
            if (java.nio.file.Files.exists(dir)) {
                try (var files = java.nio.file.Files.walk(dir)) {
                    for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        java.nio.file.Files.delete(f);
                    }
                }
            }
            s3.download(LakeTestJob.RAW_BUCKET, stream + "/", dir);
            return new LakeContents(null, null, dir.resolve(stream)).raw().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the raw archive to hold at least {@code records} lines. */
    public void awaitCommittedRaw(long records, Duration timeout, BooleanSupplier alsoTrue) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long raw = 0;
        while ((raw = committedRaw()) < records || !alsoTrue.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + records
                        + " raw lines; committed " + raw);
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /** Job restarts so far, from the job manager's {@code numRestarts} gauge. */
    public static long restarts(InMemoryReporter reporter, JobID job) {
        long max = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            Metric m = group.getValue().get("numRestarts");
            if (m instanceof Gauge && ((Gauge<?>) m).getValue() instanceof Number) {
                max = Math.max(max, ((Number) ((Gauge<?>) m).getValue()).longValue());
            }
        }
        return max;
    }

    /** Waits until the job has completed {@code more} checkpoints beyond those it has now. */
    public static void awaitCheckpoints(MiniCluster cluster, JobID job, int more, Duration timeout)
            throws InterruptedException {
        long done = LakeTestJob.completedCheckpoints(cluster, job);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (LakeTestJob.completedCheckpoints(cluster, job) < done + more) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + more + " checkpoints");
            }
            Thread.sleep(200);
        }
    }

    private void listUntilClosed() {
        while (listing.get()) {
            for (String bucket : new String[] {LakeTestJob.TRANSFORMED_BUCKET, LakeTestJob.RAW_BUCKET}) {
                try {
                    for (String key : s3.list(bucket, stream + "/")) {
                        String name = key.substring(key.lastIndexOf('/') + 1);
                        if (name.startsWith(".")) {
                            continue; // a writer's file waiting for compaction: hidden, readers skip it
                        }
                        // a _SUCCESS marker is written after the partition's files are committed, never in their place
                        boolean committed = (name.startsWith("part-") || name.startsWith(Compaction.COMPACTED_PREFIX))
                                && (name.endsWith(".parquet") || name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"));
                        if (!committed && !name.equals(PartitionCommitter.SUCCESS_FILE)) {
                            uncommittedSeen.add(bucket + "/" + key);
                        }
                    }
                    listings.incrementAndGet();
                } catch (RuntimeException storeBusy) {
                    // the store itself (not the proxy) is being restarted: the next round lists again
                }
            }
            try {
                Thread.sleep(LIST_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        listing.set(false);
        lister.interrupt();
        lister.join();
        kinesis.close();
        s3Proxy.close();
        kinesisProxy.close();
        FileSystem.initialize(new Configuration(), null);
        s3.close();
    }
}
