package org.aqlake.job.support;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.aqlake.job.LocalFileSystems;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The peers of a pipeline integration test, for one test class: a MiniCluster at {@link
 * LakeTestJob#PARALLELISM} slots reporting to an in-memory metric reporter, and optionally the Kinesis
 * emulator, an in-process S3Proxy with the lake's buckets that Flink's {@code s3://} file system writes
 * to, and a DuckDB connection. Register it as {@code @RegisterExtension static final LakeFixtures LAKE =
 * LakeFixtures.builder()...build();}; {@code @InjectMiniCluster MiniCluster} parameters resolve as with
 * Flink's {@link MiniClusterExtension}, which runs underneath.
 */
public final class LakeFixtures
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final Duration CHECKPOINTS_TIMEOUT = Duration.ofSeconds(60);

    private final InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
    private final MiniClusterExtension cluster;
    private final boolean kinesis;
    private final List<String> buckets;
    private final boolean s3;
    private final boolean duckDb;
    private volatile EmbeddedS3 embeddedS3;
    private volatile DuckDb duckDbConnection;

    private LakeFixtures(Builder b) {
        this.cluster = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(b.taskManagers)
                .setNumberSlotsPerTaskManager(LakeTestJob.PARALLELISM)
                .setConfiguration(b.configuration.apply(metrics))
                .build());
        this.kinesis = b.kinesis;
        this.s3 = b.s3;
        this.buckets = List.copyOf(b.buckets);
        this.duckDb = b.duckDb;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the cluster's jobs reported, kept after they end. */
    public InMemoryReporter metrics() {
        return metrics;
    }

    /** {@link LakeTestJob#counter} over this cluster's reporter. */
    public long counter(JobID job, String suffix) {
        return LakeTestJob.counter(metrics, job, suffix);
    }

    public EmbeddedS3 s3() {
        if (embeddedS3 == null) {
            throw new IllegalStateException("S3 is not one of these fixtures (LakeFixtures.builder().s3()), or the class has not started");
        }
        return embeddedS3;
    }

    public DuckDb duckDb() {
        if (duckDbConnection == null) {
            throw new IllegalStateException("DuckDB is not one of these fixtures (LakeFixtures.builder().duckDb()), or the class has not started");
        }
        return duckDbConnection;
    }

    /**
     * Copies what a reader listing the buckets finds of one stream's lake into a new folder under {@code dir}:
     * the committed files only, as S3 shows an object once its upload completes.
     */
    public LakeContents copyLake(String stream, Path dir) throws IOException {
        Path copy = Files.createTempDirectory(Files.createDirectories(dir), "lake-");
        Path t = copy.resolve("transformed");
        Path r = copy.resolve("raw");
        s3().download(LakeTestJob.TRANSFORMED_BUCKET, stream + "/", t);
        s3().download(LakeTestJob.RAW_BUCKET, stream + "/", r);
        return new LakeContents(t.resolve(stream).resolve("readings"), t.resolve(stream).resolve("errors"),
                r.resolve(stream));
    }

    /**
     * Waits until a reader finds at least this many readings rows, dead letters and raw lines of the stream
     * committed, and returns what it found.
     */
    public LakeContents awaitLake(String stream, Path dir, Duration timeout, long rows, long deadLetters, long raw)
            throws InterruptedException {
        AtomicReference<LakeContents> found = new AtomicReference<>();
        AtomicReference<String> counts = new AtomicReference<>("nothing yet");
        Polling.await(timeout, "every record committed to the lake", () -> {
            try {
                LakeContents lake = copyLake(stream, dir);
                int r = lake.readings().size();
                int d = lake.deadLetters().size();
                int w = lake.raw().size();
                counts.set("rows=" + r + " deadLetters=" + d + " raw=" + w);
                found.set(lake);
                return r >= rows && d >= deadLetters && w >= raw;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, () -> "committed so far: " + counts.get());
        return found.get();
    }

    /** Waits for this many more completed checkpoints of a running job: time for a late duplicate to show. */
    public static void awaitMoreCheckpoints(MiniCluster cluster, JobID job, int more) throws InterruptedException {
        long done = LakeTestJob.completedCheckpoints(cluster, job);
        Polling.await(CHECKPOINTS_TIMEOUT, more + " more checkpoints",
                () -> LakeTestJob.completedCheckpoints(cluster, job) >= done + more);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (kinesis) {
            new KinesisEmulator().beforeAll(context);
        }
        if (s3) {
            embeddedS3 = new EmbeddedS3();
            buckets.forEach(embeddedS3::createBucket);
            Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), embeddedS3.endpoint(), true,
                    EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
            FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
        }
        if (duckDb) {
            duckDbConnection = DuckDb.open();
        }
        cluster.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (AutoCloseable s = embeddedS3; AutoCloseable d = duckDbConnection) {
            cluster.afterAll(context);
        } finally {
            if (s3) {
                // the next test class in this JVM gets the default file systems, not this class's S3
                FileSystem.initialize(new Configuration(), null);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        cluster.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        cluster.afterEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster.resolveParameter(parameter, context);
    }

    /** Which fixtures a test class needs; the MiniCluster is always one of them. */
    public static final class Builder {
        private static final List<String> RESTART_STRATEGIES = List.of("none", "fixed-delay");

        private String restartStrategy = "none";
        private Function<InMemoryReporter, Configuration> configuration =
                reporter -> LakeTestJob.clusterConfig(reporter, "none");
        private int configurationsChosen;
        private int taskManagers = 1;
        private boolean kinesis;
        private boolean s3;
        private final List<String> buckets = new ArrayList<>();
        private boolean duckDb;

        private Builder() {}

        /** {@code none} (the default: a broken job fails the test) or {@code fixed-delay} (five attempts). */
        public Builder restartStrategy(String strategy) {
            this.restartStrategy = strategy;
            this.configuration = reporter -> LakeTestJob.clusterConfig(reporter, strategy);
            configurationsChosen++;
            return this;
        }

        /** The cluster's whole configuration instead of a restart strategy, given the reporter to add. */
        public Builder clusterConfiguration(Function<InMemoryReporter, Configuration> configuration) {
            this.configuration = configuration;
            configurationsChosen++;
            return this;
        }

        /** One by default, each with {@link LakeTestJob#PARALLELISM} slots. */
        public Builder taskManagers(int taskManagers) {
            this.taskManagers = taskManagers;
            return this;
        }

        /** The Kinesis emulator, shared by every class of the test JVM ({@link KinesisEmulator}). */
        public Builder kinesis() {
            this.kinesis = true;
            return this;
        }

        /**
         * An S3Proxy of this class's own with the lake's buckets ({@link LakeTestJob#TRANSFORMED_BUCKET}, {@link
         * LakeTestJob#RAW_BUCKET}) and any others named, as the {@code s3://} file system of the whole JVM.
         */
        public Builder s3(String... moreBuckets) {
            this.s3 = true;
            buckets.add(LakeTestJob.TRANSFORMED_BUCKET);
            buckets.add(LakeTestJob.RAW_BUCKET);
            buckets.addAll(Arrays.asList(moreBuckets));
            return this;
        }

        /** One in-memory DuckDB connection for the class. */
        public Builder duckDb() {
            this.duckDb = true;
            return this;
        }

        public LakeFixtures build() {
            if (configurationsChosen > 1) {
                throw new IllegalArgumentException("a restart strategy or a cluster configuration, not both");
            }
            if (taskManagers < 1) {
                throw new IllegalArgumentException("at least one TaskManager, not " + taskManagers);
            }
            if (!RESTART_STRATEGIES.contains(restartStrategy)) {
                throw new IllegalArgumentException("restart strategy " + restartStrategy + " is not one of "
                        + RESTART_STRATEGIES);
            }
            if (buckets.size() != new HashSet<>(buckets).size()) {
                throw new IllegalArgumentException("a bucket is named twice: " + buckets);
            }
            return new LakeFixtures(this);
        }
    }
}
