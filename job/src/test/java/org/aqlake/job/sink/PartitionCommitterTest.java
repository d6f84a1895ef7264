package org.aqlake.job.sink;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.functions.sink.filesystem.InProgressFileWriter;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputStreamBasedPartFileWriter;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;

import org.aqlake.udfs.partition.PartitionTemplate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition committer on Flink's two-input operator harness, fed what a file sink's writers (input 1)
 * and committer (input 2) emit: a partition's {@code _SUCCESS} comes only once its files are committed and
 * the watermark the writers had when they made their last files has passed its end plus the delay; never
 * before, whatever else arrives first.
 */
class PartitionCommitterTest {

    static final long HOUR = 3_600_000L;
    static final long MINUTE = 60_000L;
    static final long T10 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
    static final String HOUR_10 = "year=2024/month=05/day=01/hour=10";
    static final String HOUR_11 = "year=2024/month=05/day=01/hour=11";
    static final PartitionTemplate TEMPLATE = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);
    static final int WRITERS = 2;
    /** Short, so that a test of files that never come does not wait the production minute. */
    static final Duration LAST_COMMIT_TIMEOUT = Duration.ofMillis(300);

    @TempDir
    java.nio.file.Path table;

    TwoInputStreamOperatorTestHarness<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>,
            CommittableMessage<FileSinkCommittable>, Void> harness;
    int files;

    @BeforeEach
    void openTheHarness() throws Exception {
        harness = open(0, null);
    }

    @AfterEach
    void closeTheHarness() throws Exception {
        harness.close();
    }

    TwoInputStreamOperatorTestHarness<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>,
            CommittableMessage<FileSinkCommittable>, Void> open(long delayMillis, OperatorSubtaskState restoreFrom)
            throws Exception {
        return open(delayMillis, restoreFrom, 1);
    }

    TwoInputStreamOperatorTestHarness<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>,
            CommittableMessage<FileSinkCommittable>, Void> open(long delayMillis, OperatorSubtaskState restoreFrom,
            int sinks) throws Exception {
        TwoInputStreamOperatorTestHarness<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>,
                CommittableMessage<FileSinkCommittable>, Void> h = new TwoInputStreamOperatorTestHarness<>(
                new PartitionCommitter(table.toUri().toString(), TEMPLATE, delayMillis, sinks, LAST_COMMIT_TIMEOUT));
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    // ---------------------------------------------------------------- what the writers and the committer send

    /** A file the sink's writer made for a partition. */
    FileSinkCommittable file(String bucket) {
        String name = "part-" + files++;
        return new FileSinkCommittable(bucket, new PendingFile(new Path(table.resolve(bucket).resolve(name).toUri())));
    }

    /** What writer {@code subtask} emits at checkpoint {@code checkpoint}: a summary, then its files. */
    void written(int subtask, long checkpoint, FileSinkCommittable... made) throws Exception {
        writtenBy(0, subtask, checkpoint, made);
    }

    /** The same, from a writer of sink {@code sink} among those writing the table. */
    void writtenBy(int sink, int subtask, long checkpoint, FileSinkCommittable... made) throws Exception {
        harness.processElement1(new StreamRecord<>(Tuple2.of(sink,
                new CommittableSummary<>(subtask, WRITERS, checkpoint, made.length, made.length, 0))));
        for (FileSinkCommittable f : made) {
            harness.processElement1(new StreamRecord<>(Tuple2.of(sink,
                    new CommittableWithLineage<>(f, checkpoint, subtask))));
        }
    }

    /** The watermark every writer forwarded. */
    void writersWatermark(long time) throws Exception {
        harness.processWatermark1(new Watermark(time));
    }

    /** What the committer emits once it committed files of a checkpoint. */
    void committed(long checkpoint, FileSinkCommittable... done) throws Exception {
        harness.processElement2(new StreamRecord<>(new CommittableSummary<>(0, WRITERS, checkpoint, done.length, 0, 0)));
        for (FileSinkCommittable f : done) {
            harness.processElement2(new StreamRecord<>(new CommittableWithLineage<>(f, checkpoint, 0)));
        }
    }

    /** Does what the committer does to a pending file: puts it at its final path. */
    void putInPlace(FileSinkCommittable f) throws Exception {
        java.nio.file.Path path = java.nio.file.Path.of(f.getPendingFile().getPath().toUri());
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] {1});
    }

    boolean marked(String bucket) {
        return Files.exists(table.resolve(bucket).resolve(PartitionCommitter.SUCCESS_FILE));
    }

    PartitionCommitter committer() {
        return (PartitionCommitter) harness.getOperator();
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void aPartitionIsMarkedOnceItsFilesAreCommittedAndTheWritersWatermarkHasPassedItsEnd() throws Exception {
        FileSinkCommittable f = file(HOUR_10);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, f);
        written(1, 1);
        committed(1, f);

        assertThat(marked(HOUR_10)).as("watermark still inside the hour").isFalse();

        writersWatermark(T10 + HOUR + 5 * MINUTE);
        written(0, 2);
        written(1, 2);

        assertThat(marked(HOUR_10)).isTrue();
    }

    @Test
    void aPartitionWaitsForEveryWriterOfEverySinkEvenWhenTheSinksShareSubtaskIds() throws Exception {
        harness.close();
        harness = open(0, null, 2);
        FileSinkCommittable exempt = file(HOUR_10);
        FileSinkCommittable consented = file(HOUR_10);
        writersWatermark(T10 + 30 * MINUTE);
        writtenBy(0, 0, 1, exempt);
        writtenBy(0, 1, 1);
        committed(1, exempt);
        writersWatermark(T10 + HOUR + 5 * MINUTE);
        writtenBy(0, 0, 2);
        writtenBy(0, 1, 2);

        assertThat(marked(HOUR_10)).as("the first sink's writers are past the hour; the second's have not reported")
                .isFalse();

        writtenBy(1, 0, 2, consented);
        writtenBy(1, 1, 2);

        assertThat(marked(HOUR_10)).as("the second sink's file is not committed yet").isFalse();

        committed(2, consented);

        assertThat(marked(HOUR_10)).isTrue();
        assertThat(committer().pendingPartitions()).isZero();
        assertThat(committer().openSummaries()).isZero();
    }

    @Test
    void aMarkerNeverComesBeforeTheFilesOfThePartitionAreCommitted() throws Exception {
        FileSinkCommittable first = file(HOUR_10);
        FileSinkCommittable second = file(HOUR_10);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, first);
        written(1, 1, second);
        writersWatermark(T10 + 2 * HOUR);
        written(0, 2);
        written(1, 2);

        assertThat(marked(HOUR_10)).as("nothing committed").isFalse();

        committed(1, first);

        assertThat(marked(HOUR_10)).as("one of two files committed").isFalse();

        committed(1, second);

        assertThat(marked(HOUR_10)).isTrue();
    }

    @Test
    void aLaterWatermarkWithoutTheWritersSummariesDoesNotCompleteAPartition() throws Exception {
        // the writers forwarded 12:00, but their files of readings received before it come with the next
        // checkpoint: until its summaries arrive, hour 10 may still have files being written
        FileSinkCommittable f = file(HOUR_10);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, f);
        written(1, 1);
        committed(1, f);
        writersWatermark(T10 + 2 * HOUR);

        assertThat(marked(HOUR_10)).isFalse();

        written(0, 2);

        assertThat(marked(HOUR_10)).as("writer 1 has not reported since").isFalse();

        written(1, 2);

        assertThat(marked(HOUR_10)).isTrue();
    }

    @Test
    void theMarkerWaitsForTheDelayAfterThePartitionsEnd() throws Exception {
        harness.close();
        harness = open(15 * MINUTE, null);
        FileSinkCommittable f = file(HOUR_10);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, f);
        written(1, 1);
        committed(1, f);
        writersWatermark(T10 + HOUR + 14 * MINUTE);
        written(0, 2);
        written(1, 2);

        assertThat(marked(HOUR_10)).isFalse();

        writersWatermark(T10 + HOUR + 15 * MINUTE);
        written(0, 3);
        written(1, 3);

        assertThat(marked(HOUR_10)).isTrue();
    }

    @Test
    void aLateFileForACompletePartitionWritesItsMarkerAgainOnceCommitted() throws Exception {
        FileSinkCommittable f = file(HOUR_10);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, f);
        written(1, 1);
        committed(1, f);
        writersWatermark(T10 + 2 * HOUR);
        written(0, 2);
        written(1, 2);
        assertThat(marked(HOUR_10)).isTrue();
        Files.delete(table.resolve(HOUR_10).resolve(PartitionCommitter.SUCCESS_FILE));

        FileSinkCommittable late = file(HOUR_10);
        written(0, 3, late);
        written(1, 3);

        assertThat(marked(HOUR_10)).as("the late file is not committed yet").isFalse();

        committed(3, late);

        assertThat(marked(HOUR_10)).isTrue();
    }

    @Test
    void aPartitionWithoutFilesGetsNoMarkerAndEachPartitionIsJudgedOnItsOwn() throws Exception {
        FileSinkCommittable ten = file(HOUR_10);
        FileSinkCommittable eleven = file(HOUR_11);
        writersWatermark(T10 + 90 * MINUTE);
        written(0, 1, ten, eleven);
        written(1, 1);
        committed(1, ten, eleven);

        assertThat(marked(HOUR_10)).isTrue();
        assertThat(marked(HOUR_11)).as("hour 11 is not over").isFalse();
        assertThat(marked("year=2024/month=05/day=01/hour=09")).isFalse();
        assertThat(committer().pendingPartitions()).isEqualTo(1);
    }

    @Test
    void whenTheWritersEndEveryCommittedPartitionIsMarked() throws Exception {
        FileSinkCommittable ten = file(HOUR_10);
        FileSinkCommittable eleven = file(HOUR_11);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, ten);
        written(1, Long.MAX_VALUE, eleven);
        harness.endInput1();

        assertThat(marked(HOUR_10)).as("not committed yet").isFalse();

        committed(1, ten);
        committed(Long.MAX_VALUE, eleven);
        harness.endInput2();

        assertThat(marked(HOUR_10)).isTrue();
        assertThat(marked(HOUR_11)).isTrue();
    }

    @Test
    void atTheEndOfTheInputTheLastFilesAreMarkedOnceTheyAreInPlaceAfterTheFinalCheckpoint() throws Exception {
        // in a streaming job the committer commits the last files when the final checkpoint completes,
        // and emits nothing more downstream: the committer sees them at their final paths instead
        FileSinkCommittable ten = file(HOUR_10);
        FileSinkCommittable eleven = file(HOUR_11);
        writersWatermark(T10 + 30 * MINUTE);
        written(0, 1, ten);
        written(1, Long.MAX_VALUE, eleven);
        written(0, Long.MAX_VALUE);
        harness.endInput1();
        harness.endInput2();
        putInPlace(ten);

        harness.notifyOfCompletedCheckpoint(2);

        assertThat(marked(HOUR_10)).isTrue();
        assertThat(marked(HOUR_11)).as("its file never came").isFalse();
        assertThat(committer().pendingPartitions()).isEqualTo(1);

        putInPlace(eleven);
        harness.notifyOfCompletedCheckpoint(3);

        assertThat(marked(HOUR_11)).isTrue();
        assertThat(committer().pendingPartitions()).isZero();
    }

    @Test
    void atTheEndOfTheInputAFileWhosePathAUriEscapesIsFoundInPlaceAsTheSinksSerializerHandsItOver() throws Exception {
        // a real pending file of the local file system, through the file sink's own committable serializer, as
        // every committable reaches the committer in a job: its path then reads URI-encoded (a space as %20)
        Path target = new Path(table.resolve(HOUR_10).resolve("part with spaces-0").toUri());
        RecoverableWriter fs = FileSystem.getLocalFileSystem().createRecoverableWriter();
        RecoverableFsDataOutputStream out = fs.open(target);
        out.write(1);
        RecoverableFsDataOutputStream.Committer commit = out.closeForCommit();
        FileSinkCommittable made = new FileSinkCommittable(HOUR_10,
                new OutputStreamBasedPartFileWriter.OutputStreamBasedPendingFileRecoverable(commit.getRecoverable(),
                        target, 1));
        SimpleVersionedSerializer<FileSinkCommittable> serializer = FileSink
                .forRowFormat(new Path(table.toUri()), new SimpleStringEncoder<String>()).build()
                .getCommittableSerializer();
        FileSinkCommittable received = serializer.deserialize(serializer.getVersion(), serializer.serialize(made));
        writersWatermark(T10 + 30 * MINUTE);
        written(0, Long.MAX_VALUE, received);
        written(1, Long.MAX_VALUE);
        harness.endInput1();
        harness.endInput2();
        commit.commit();

        harness.notifyOfCompletedCheckpoint(2);

        assertThat(marked(HOUR_10)).isTrue();
        assertThat(committer().pendingPartitions()).isZero();
    }

    @Test
    void whileTheInputRunsAFileInPlaceIsNotTakenForCommittedWithoutTheCommitter() throws Exception {
        FileSinkCommittable f = file(HOUR_10);
        writersWatermark(T10 + 2 * HOUR);
        written(0, 1, f);
        written(1, 1);
        putInPlace(f);

        harness.notifyOfCompletedCheckpoint(1);

        assertThat(marked(HOUR_10)).isFalse();
    }

    @Test
    void aRestoredCommitterKeepsItsPendingPartitionsAndWaitsForTheWritersToReportAgain() throws Exception {
        FileSinkCommittable f = file(HOUR_10);
        writersWatermark(T10 + 2 * HOUR);
        written(0, 1, f);
        written(1, 1);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T10);
        harness.close();

        harness = open(0, snapshot);
        writersWatermark(T10 + 2 * HOUR);
        committed(1, f);

        assertThat(marked(HOUR_10)).as("no writer has reported since the restore").isFalse();

        written(0, 2);
        written(1, 2);

        assertThat(marked(HOUR_10)).isTrue();
    }

    @Test
    void onceEveryPartitionIsMarkedNoStateIsLeft() throws Exception {
        List<FileSinkCommittable> made = new ArrayList<>();
        writersWatermark(T10);
        for (int h = 0; h < 6; h++) {
            FileSinkCommittable f = file(TEMPLATE.render(T10 + h * HOUR, null));
            made.add(f);
            writersWatermark(T10 + h * HOUR + 30 * MINUTE);
            written(h % 2, h + 1, f);
            written((h + 1) % 2, h + 1);
            committed(h + 1, f);
        }
        assertThat(committer().pendingPartitions()).as("the last hour is not over").isEqualTo(1);

        writersWatermark(T10 + 7 * HOUR);
        written(0, 7);
        written(1, 7);

        assertThat(made).allSatisfy(f -> assertThat(marked(f.getBucketId())).as(f.getBucketId()).isTrue());
        assertThat(committer().pendingPartitions()).isZero();
        assertThat(committer().openSummaries()).isZero();
        // no timers to check: the committer has none (a non-keyed operator, driven by its inputs only)
        OperatorSubtaskState snapshot = harness.snapshot(8L, T10 + 7 * HOUR);
        harness.close();
        harness = open(0, snapshot);
        assertThat(committer().pendingPartitions()).as("restored from the last snapshot").isZero();
    }

    /** A pending file as the writer hands it over; the committer here never opens it. */
    static final class PendingFile implements InProgressFileWriter.PendingFileRecoverable {
        private final Path path;

        PendingFile(Path path) {
            this.path = path;
        }

        @Override
        public Path getPath() {
            return path;
        }

        @Override
        public long getSize() {
            return 1;
        }
    }
}
