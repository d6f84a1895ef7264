package org.aqlake.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.Compaction;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.sink.PartitionCommitter;
import org.aqlake.job.sink.SortedCompactor;
import org.aqlake.job.sink.SuccessFiles;
import org.aqlake.job.sink.TableFiles;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure in the middle of a compaction: the compactor has committed the writers' hidden files and written
 * part of the compacted file when the task fails. The job restarts from its last checkpoint, the compaction
 * runs again from the restored request, and afterwards every reading is one row; a reader listing the table
 * every 100 ms meanwhile never saw a writer's file of the table visible, and no partition's
 * {@code _SUCCESS} came before its compacted files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompactionFailureIT {

    static final int RECORDS = 3_000;
    static final String STREAM = "compaction-failure-it";
    /** The compaction that fails: the first ones may hold only a few rows. */
    static final int FAILING_COMPACTION = 3;
    /** Rows the failing compaction writes before it fails. */
    static final int ROWS_BEFORE_FAILURE = 5;
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final Duration LISTING_PAUSE = Duration.ofMillis(100);

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").kinesis().s3().build();

    private List<TestRecord> input;
    private LakeContents lake;
    private final Set<String> writersFilesVisible = new ConcurrentSkipListSet<>();
    private final Set<String> hiddenSeen = new ConcurrentSkipListSet<>();
    /** Per partition, when a listing first showed a compacted file of it, and its _SUCCESS. */
    private final Map<String, Long> firstFileSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> successSeen = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void failInTheMiddleOfACompaction(@InjectMiniCluster MiniCluster cluster, @TempDir java.nio.file.Path dir)
            throws Exception {
        input = TestReadings.valid("cf-", RECORDS);
        Map<String, String> c = LakeTestJob.config(STREAM);
        c.put("aggregates.enabled", "false");
        c.put("lake.compaction.checkpoints", "2");
        JobConfig cfg = JobConfig.from(c);
        LakeSinks sinks = LakeSinks.builder()
                .readings(TableFiles.readings(cfg.readingsPath(), cfg.partitionTemplate, cfg.partitionTime,
                                cfg.compression, TableFiles.PREFIX, cfg.compaction, new FailingCompactor()),
                        Optional.empty(), cfg.readingsPath(),
                        SuccessFiles.after(cfg.partitionCommitDelay, cfg.partitionTemplate,
                                OperatorUids.PARTITION_COMMIT, OperatorUids.PARTITION_COMMIT_TAG))
                .deadLetters(TableFiles.deadLetters(cfg.errorsPath()))
                .rawArchive(cfg.rawPath.map(path -> TableFiles.rawArchive(path, cfg.rawPartitionTemplate)))
                .aggregates(Optional.empty(), cfg.aggregatesPath(), SuccessFiles.off())
                .aggregatesLate(Optional.empty())
                .build();
        long expectedRows = input.stream().filter(TestRecord::rowWithoutConsent).count();

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, 2);
            StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
            env.enableCheckpointing(500);
            AqLakeJob.configure(env, cfg);
            AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, sinks);
            JobClient job = env.executeAsync(STREAM);
            AtomicBoolean listing = new AtomicBoolean(true);
            Thread lister = new Thread(() -> listUntilStopped(listing), "table-lister");
            lister.start();
            try {
                int half = RECORDS / 2;
                KinesisEmulator.put(kinesis, STREAM, input.subList(0, half));
                KinesisEmulator.put(kinesis, STREAM, input.subList(half, RECORDS));
                lake = LAKE.awaitLake(STREAM, dir, TIMEOUT, expectedRows, 0, RECORDS);
                Polling.await(Duration.ofSeconds(60), "the injected failure",
                        () -> FailingCompactor.FAILURES.get() == 1);
                LakeTestJob.drain(job, dir.resolve("savepoints"));
            } finally {
                listing.set(false);
                lister.join();
                LakeTestJob.cancel(job);
            }
        }
        lake = LAKE.copyLake(STREAM, dir.resolve("final"));
    }

    @Test
    void theCompactionFailedOnceInTheMiddleOfItsFile() {
        assertThat(FailingCompactor.FAILURES.get()).isEqualTo(1);
        assertThat(FailingCompactor.COMPACTIONS.get()).isGreaterThan(FAILING_COMPACTION);
    }

    @Test
    void everyReadingIsOneRowAfterTheFailure() throws IOException {
        Map<String, Long> rowsPerId = lake.readings().stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("device_id"), Collectors.counting()));
        Map<String, Long> expected = input.stream().filter(TestRecord::rowWithoutConsent)
                .collect(Collectors.toMap(r -> r.id, r -> 1L));

        assertThat(rowsPerId).isEqualTo(expected);
    }

    @Test
    void readersSawOnlyCompactedFilesAndNoHiddenFileIsLeft() throws IOException {
        assertThat(hiddenSeen).as("hidden files listed while compactions ran").isNotEmpty();
        assertThat(writersFilesVisible).isEmpty();
        assertThat(LAKE.s3().list(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/readings/"))
                .noneMatch(key -> key.substring(key.lastIndexOf('/') + 1).startsWith("."));
    }

    @Test
    void noPartitionsSuccessFileCameBeforeItsCompactedFiles() {
        // PartitionCommitIT checks the order file by file; here: through a failed compaction
        assertThat(successSeen).isNotEmpty();
        assertThat(firstFileSeen.keySet()).containsAll(successSeen.keySet());
        successSeen.forEach((partition, success) -> assertThat(firstFileSeen.get(partition)).as(partition)
                .isLessThanOrEqualTo(success));
    }

    void listUntilStopped(AtomicBoolean running) {
        while (running.get()) {
            long now = System.nanoTime();
            for (String key : LAKE.s3().list(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/readings/")) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                String partition = key.substring(0, key.lastIndexOf('/'));
                if (name.startsWith(".")) {
                    hiddenSeen.add(key);
                } else if (name.equals(PartitionCommitter.SUCCESS_FILE)) {
                    successSeen.putIfAbsent(partition, now);
                } else if (name.startsWith(Compaction.COMPACTED_PREFIX)) {
                    firstFileSeen.putIfAbsent(partition, now);
                } else {
                    writersFilesVisible.add(key);
                }
            }
            try {
                Thread.sleep(LISTING_PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The readings' own compactor, whose {@link #FAILING_COMPACTION}th compaction fails once, part-way. */
    static final class FailingCompactor extends RecordWiseFileCompactor<Reading> {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger COMPACTIONS = new AtomicInteger();
        static final AtomicInteger FAILURES = new AtomicInteger();
        private final SortedCompactor<Reading> compactor = TableFiles.readingsCompactor();

        FailingCompactor() {
            super(path -> {
                throw new UnsupportedOperationException("reads through the readings' compactor");
            });
        }

        @Override
        public void compact(List<Path> inputFiles, Writer<Reading> writer) throws Exception {
            boolean fail = COMPACTIONS.incrementAndGet() == FAILING_COMPACTION && FAILURES.get() == 0;
            AtomicInteger written = new AtomicInteger();
            compactor.compact(inputFiles, row -> {
                writer.write(row);
                if (fail && written.incrementAndGet() == ROWS_BEFORE_FAILURE && FAILURES.compareAndSet(0, 1)) {
                    throw new IOException("Injected failure in the middle of a compaction");
                }
            });
        }
    }
}
