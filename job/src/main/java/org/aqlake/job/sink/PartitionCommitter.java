package org.aqlake.job.sink;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.aqlake.udfs.partition.PartitionTemplate;
import org.aqlake.job.metrics.MetricNames;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Writes {@code _SUCCESS} into a file sink's partitions once they are complete. Input 1 is what the sink's
 * writers emit at each checkpoint: per writer subtask a summary with the number of files, then one
 * committable per file, preceded by the watermarks the writer forwarded. Input 2 is what the sink's
 * committer emits after it committed those files (the sink's post-commit topology).
 *
 * <p>Several file sinks may write one table ({@link PartitionCommitSink#alongside}): their writers share
 * subtask ids, so each message of input 1 comes tagged with the index of the sink that made it, and a
 * writer is a sink and a subtask. Every writer of every one of the {@code sinks} counts.
 *
 * <p>A partition is complete when:
 *
 * <ul>
 *   <li>the writers' watermark has passed its end plus the delay, as of checkpoints whose files have all
 *       been seen here: a writer's summary arrives after every watermark the writer had forwarded before the
 *       checkpoint, so once a writer's summary and its files are in, every reading that writer had received
 *       below that watermark is in a file known here. The smallest such watermark over all writers is the
 *       coverage;
 *   <li>every file the writers produced for it has been committed, so that the marker never comes before the
 *       files it vouches for, in whatever order Flink notifies the writers, the committer and this operator
 *       of a completed checkpoint. A file counts as committed when the committer says so (input 2), or, at
 *       the end of a bounded input, when it is at its final path: there the committer commits the last files
 *       after the final checkpoint, and emits nothing more downstream. With compaction ({@link Compaction}) a
 *       writer's file is hidden and counts once the committer has published the compacted file holding its
 *       rows: it says so when it cleans the hidden file up, and at the end of the input the hidden file is gone.
 * </ul>
 *
 * A partition is forgotten as soon as its marker is written; a late file for it (a late reading, a
 * corrected aggregate) brings it back, and its commit writes the marker again. A partition that never
 * receives a file never gets a marker. The state is one small {@link PendingPartition} per partition
 * waiting for its marker; the coverage is not kept in checkpoints but rebuilt from the writers' next
 * summaries, which only delays markers after a restore.
 */
public final class PartitionCommitter extends AbstractStreamOperator<Void>
        implements TwoInputStreamOperator<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>,
                CommittableMessage<FileSinkCommittable>, Void>, BoundedMultiInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCommitter.class);

    public static final String SUCCESS_FILE = "_SUCCESS";
    /** At the end of the input, how long to wait for the committer to put the last files in place. */
    static final Duration LAST_COMMIT_TIMEOUT = Duration.ofSeconds(60);
    private static final long LAST_COMMIT_POLL_MILLIS = 20;

    private final String tablePath;
    private final PartitionTemplate template;
    private final long delayMillis;
    private final Duration lastCommitTimeout;
    /** How many file sinks feed input 1: a partition waits for the writers of all of them. */
    private final int sinks;

    private transient ListState<PendingPartition> state;
    private transient Map<String, PendingPartition> pending;
    /** Per sink, per writer subtask, the watermark below which everything it received is in files known here. */
    private transient List<Map<Integer, Long>> covered;
    /** Per sink, per writer subtask and checkpoint, the files of a summary still to arrive. */
    private transient List<Map<Integer, TreeMap<Long, Expected>>> expected;
    /** Per sink, its number of writer subtasks; -1 until its first summary. */
    private transient int[] writers;
    private transient long writersWatermark;
    private transient boolean writersEnded;
    private transient boolean committerEnded;
    private transient Counter successFiles;

    /** A writer's summary of a checkpoint and the files of it seen so far. */
    private static final class Expected {
        int files = -1;
        int seen;
        long watermark;
    }

    /** @param sinks how many file sinks feed input 1, their messages tagged 0 to {@code sinks - 1} */
    public PartitionCommitter(String tablePath, PartitionTemplate template, long delayMillis, int sinks) {
        this(tablePath, template, delayMillis, sinks, LAST_COMMIT_TIMEOUT);
    }

    PartitionCommitter(String tablePath, PartitionTemplate template, long delayMillis, int sinks,
            Duration lastCommitTimeout) {
        if (sinks < 1) {
            throw new IllegalArgumentException("a partition committer needs at least one sink, not " + sinks);
        }
        this.tablePath = tablePath;
        this.template = template;
        this.delayMillis = delayMillis;
        this.sinks = sinks;
        this.lastCommitTimeout = lastCommitTimeout;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("pending-partitions", PendingPartition.class));
        pending = new HashMap<>();
        for (PendingPartition p : state.get()) {
            pending.put(p.bucket, p);
        }
        covered = new ArrayList<>();
        expected = new ArrayList<>();
        for (int i = 0; i < sinks; i++) {
            covered.add(new HashMap<>());
            expected.add(new HashMap<>());
        }
        writers = new int[sinks];
        Arrays.fill(writers, -1);
        writersWatermark = Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        successFiles = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP)
                .counter(MetricNames.SUCCESS_FILES);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(new ArrayList<>(pending.values()));
    }

    // ---------------------------------------------------------------- input 1: the writers' files

    @Override
    public void processElement1(StreamRecord<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>> element)
            throws Exception {
        int sink = element.getValue().f0;
        if (sink < 0 || sink >= sinks) {
            throw new IllegalStateException("committables of sink " + sink + " reached the partition committer of "
                    + tablePath + ", which is fed by " + sinks);
        }
        CommittableMessage<FileSinkCommittable> message = element.getValue().f1;
        if (message instanceof CommittableSummary) {
            CommittableSummary<FileSinkCommittable> summary = (CommittableSummary<FileSinkCommittable>) message;
            if (summary.getNumberOfSubtasks() != writers[sink]) {
                // the sink's first summary, or the job was rescaled: which of its writers covered what starts over
                writers[sink] = summary.getNumberOfSubtasks();
                covered.get(sink).clear();
                expected.get(sink).clear();
            }
            Expected e = expectedOf(sink, message);
            e.files = summary.getNumberOfCommittables();
            // the writer forwarded its watermark before this summary, on the same channel: the watermark
            // now (the smallest over all writers) is at most the one it had when it made these files
            e.watermark = writersWatermark;
            checkCovered(sink, message, e);
        } else {
            FileSinkCommittable file = ((CommittableWithLineage<FileSinkCommittable>) message).getCommittable();
            if (file.hasPendingFile()) {
                PendingPartition p = partition(file.getBucketId());
                if (p != null) {
                    p.produced(finalPath(file));
                }
            }
            Expected e = expectedOf(sink, message);
            e.seen++;
            checkCovered(sink, message, e);
        }
    }

    private Expected expectedOf(int sink, CommittableMessage<FileSinkCommittable> message) {
        return expected.get(sink).computeIfAbsent(message.getSubtaskId(), k -> new TreeMap<>())
                .computeIfAbsent(checkpoint(message), k -> new Expected());
    }

    private static long checkpoint(CommittableMessage<?> message) {
        // the files of the end of the input have no checkpoint: they come last
        return message.getCheckpointId().orElse(Long.MAX_VALUE);
    }

    private void checkCovered(int sink, CommittableMessage<FileSinkCommittable> message, Expected e)
            throws IOException {
        if (e.files < 0 || e.seen < e.files) {
            return;
        }
        // this checkpoint's files are all here; an older one still open never will be (a restore came between)
        expected.get(sink).get(message.getSubtaskId()).headMap(checkpoint(message), true).clear();
        covered.get(sink).merge(message.getSubtaskId(), e.watermark, Math::max);
        commitReadyPartitions();
    }

    @Override
    public void processWatermark1(Watermark mark) {
        // kept, not forwarded: nothing is downstream, and the committer's watermarks (input 2) say nothing new
        writersWatermark = mark.getTimestamp();
    }

    // ---------------------------------------------------------------- input 2: the committer's files

    @Override
    public void processElement2(StreamRecord<CommittableMessage<FileSinkCommittable>> element) throws Exception {
        if (element.getValue() instanceof CommittableWithLineage) {
            FileSinkCommittable file = ((CommittableWithLineage<FileSinkCommittable>) element.getValue()).getCommittable();
            // with compaction, a writer's hidden file counts once the committer has published the compacted
            // file holding its rows: it cleans the hidden file up right after, in the same commit
            String committed = file.hasCompactedFileToCleanup() ? file.getCompactedFileToCleanup().toString()
                    : file.hasPendingFile() ? finalPath(file) : null;
            if (committed != null && !Compaction.isCompacted(PendingPartition.nameOf(committed))) {
                PendingPartition p = partition(file.getBucketId());
                if (p != null) {
                    p.committed(committed);
                    if (ready(p)) {
                        markComplete(p);
                    }
                }
            }
        }
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // the committer forwards the writers' watermarks, ahead of the commits: input 1's are the ones to use
    }

    // ---------------------------------------------------------------- the end of a bounded input

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            writersEnded = true;
        } else {
            committerEnded = true;
        }
        commitReadyPartitions();
    }

    /**
     * After the input ended, the committer commits the last files when the final checkpoint completes, as
     * this operator hears of it too, in no set order: the partitions still waiting for files are marked once
     * those files are in place, never before.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (!writersEnded || !committerEnded || pending.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + lastCommitTimeout.toNanos();
        for (PendingPartition p : new ArrayList<>(pending.values())) {
            while (!inPlace(p) && System.nanoTime() < deadline) {
                Thread.sleep(LAST_COMMIT_POLL_MILLIS);
            }
            if (inPlace(p)) {
                markComplete(p);
            } else {
                LOG.warn("Partition {} of {}: its last files were not in place {} after the final checkpoint;"
                        + " it gets no {}", p.bucket, tablePath, lastCommitTimeout, SUCCESS_FILE);
            }
        }
    }

    private boolean inPlace(PendingPartition p) throws IOException {
        for (String file : p.uncommittedFiles) {
            if (PendingPartition.UNKNOWN_PATH.equals(file)) {
                return false;
            }
            Path path = fileOf(file);
            // a hidden file waits for compaction: the compactor has committed it by the end of the input, and
            // the committer deletes it only after it has published the compacted file holding its rows
            boolean compacted = Compaction.isHidden(path.getName());
            if (path.getFileSystem().exists(path) == compacted) {
                return false;
            }
        }
        return true;
    }

    /**
     * The file a committable's path names. Flink's pending-file serializer writes a path as its URI and reads
     * that back as a plain path string, so in a job (where every committable reaches this operator
     * serialized) the path reads URI-encoded: a folder {@code location=Paris 18e} as {@code Paris%2018e}.
     * Decoding it once gives the file; a path that is no URI (never serialized) is taken as it is.
     */
    static Path fileOf(String path) {
        try {
            return new Path(new URI(path));
        } catch (URISyntaxException e) {
            return new Path(path);
        }
    }

    // ---------------------------------------------------------------- partitions

    private static String finalPath(FileSinkCommittable file) {
        Path path = file.getPendingFile().getPath();
        return path == null ? PendingPartition.UNKNOWN_PATH : path.toString();
    }

    private PendingPartition partition(String bucket) {
        PendingPartition p = pending.get(bucket);
        if (p == null) {
            OptionalLong start = template.bucketStartOf(bucket);
            if (start.isEmpty()) {
                LOG.warn("Partition {} of {} does not name its time in {}: it gets no {}", bucket, tablePath,
                        template.template(), SUCCESS_FILE);
                return null;
            }
            p = new PendingPartition(bucket, template.bucketEnd(start.getAsLong()));
            pending.put(bucket, p);
        }
        return p;
    }

    /** The watermark below which the readings of every writer of every sink are in files known here. */
    private long coverage() {
        if (writersEnded) {
            return Long.MAX_VALUE; // every writer has finished, and all it wrote has been seen here
        }
        long min = Long.MAX_VALUE;
        for (int sink = 0; sink < sinks; sink++) {
            // a sink not heard from yet may hold readings below any watermark the others reported
            if (writers[sink] < 0 || covered.get(sink).size() < writers[sink]) {
                return Long.MIN_VALUE;
            }
            for (long w : covered.get(sink).values()) {
                min = Math.min(min, w);
            }
        }
        return min;
    }

    private boolean ready(PendingPartition p) {
        long due = p.end > Long.MAX_VALUE - delayMillis ? Long.MAX_VALUE : p.end + delayMillis;
        return p.allCommitted() && coverage() >= due;
    }

    private void commitReadyPartitions() throws IOException {
        List<PendingPartition> ready = new ArrayList<>();
        for (PendingPartition p : pending.values()) {
            if (ready(p)) {
                ready.add(p);
            }
        }
        for (PendingPartition p : ready) {
            markComplete(p);
        }
    }

    /**
     * Writes (or rewrites, after a late file) the empty marker. A failure fails the operator: the partition is
     * still pending in the last checkpoint, so the restarted job writes its marker again.
     */
    private void markComplete(PendingPartition p) throws IOException {
        Path marker = new Path(new Path(tablePath, p.bucket), SUCCESS_FILE);
        marker.getFileSystem().create(marker, FileSystem.WriteMode.OVERWRITE).close();
        pending.remove(p.bucket);
        successFiles.inc();
        LOG.info("Partition {} of {} is complete: {} written", p.bucket, tablePath, SUCCESS_FILE);
    }

    /** Partitions waiting for their marker, for tests. */
    int pendingPartitions() {
        return pending.size();
    }

    /** Writer summaries whose files have not all arrived, for tests. */
    int openSummaries() {
        return expected.stream().flatMap(m -> m.values().stream()).mapToInt(Map::size).sum();
    }
}
