package org.aqlake.job.sink;

import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

import org.aqlake.udfs.partition.PartitionTemplate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link FileSink} that also writes a {@code _SUCCESS} file into each partition once it is complete,
 * like the success-file commit policy of Flink SQL's filesystem sink, which the DataStream {@code
 * FileSink} does not have.
 *
 * <p>Everything of the file sink is the file sink's own: writer, writer state, committer and committables
 * are delegated unchanged, so the operators, their uids and their state are those of the plain sink, and
 * savepoints taken before this wrapper restore into it. What it adds is a post-commit topology, Flink's
 * extension point for work after the committer: a {@link PartitionCommitter} fed two streams of the same
 * committables, the writers' (what each checkpoint produced, behind the watermarks the writers forwarded)
 * and the committer's (what has been committed). A marker is written only for a partition whose every
 * produced file has been committed and whose end the writers' watermark has passed, so it never appears
 * before the files it vouches for, whatever order the checkpoint notifications take. Each sink feeding the
 * committer tags its writers' committables with its index, as the writers of two sinks share subtask ids.
 */
public final class PartitionCommitSink<IN> implements Sink<IN>,
        SupportsWriterState<IN, FileWriterBucketState>, SupportsWriterState.WithCompatibleState,
        SupportsCommitter<FileSinkCommittable>,
        SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
        SupportsPostCommitTopology<FileSinkCommittable>,
        SupportsConcurrentExecutionAttempts {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "Partition commit (_SUCCESS)";
    public static final String TAG_NAME = "Partition commit: tag the sink's files";

    private final FileSink<IN> files;
    private final String tablePath;
    private final PartitionTemplate template;
    private final long delayMillis;
    /** The committer's uid within the sink; Flink prefixes it with the sink's. */
    private final String commitUid;
    /** The uid, within each sink feeding the committer, of the map that tags its committables. */
    private final String tagUid;

    /**
     * The writers' committables, kept from the translator's call of {@link #addPreCommitTopology} to its
     * call of {@link #addPostCommitTopology}, which come one after the other while the job graph is built.
     */
    private transient DataStream<CommittableMessage<FileSinkCommittable>> written;

    /**
     * Set on a sink that writes into another's table ({@link #alongside}): its committables go to that
     * sink's committer instead of one of its own.
     */
    private final transient PartitionCommitSink<?> primary;
    /** Committables of the sinks alongside this one, gathered while the graph is built. */
    private transient List<DataStream<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>>> alongsideWritten;
    private transient List<DataStream<CommittableMessage<FileSinkCommittable>>> alongsideCommitted;
    /** Whether this sink's committer has been built: a sink alongside must be added to the graph before. */
    private transient boolean committerBuilt;

    /**
     * @param files the file sink, built with a bucket assigner that renders {@code template}
     * @param tablePath the sink's base path: the buckets are folders under it
     * @param template the partition template, {@link PartitionTemplate#isTimeReadable() time-readable}
     * @param delay how long after the watermark passes a partition's end its marker waits
     * @param commitUid the uid of the partition committer within the sink
     * @param tagUid the uid, within each sink feeding the committer, of the map that tags its committables
     */
    public PartitionCommitSink(FileSink<IN> files, String tablePath, PartitionTemplate template, Duration delay,
            String commitUid, String tagUid) {
        this(files, tablePath, template, delay.toMillis(), commitUid, tagUid, null);
    }

    private PartitionCommitSink(FileSink<IN> files, String tablePath, PartitionTemplate template, long delayMillis,
            String commitUid, String tagUid, PartitionCommitSink<?> primary) {
        if (!template.isTimeReadable()) {
            throw new IllegalArgumentException("the partitions of " + template.template() + " do not name their time");
        }
        this.files = files;
        this.tablePath = tablePath;
        this.template = template;
        this.delayMillis = delayMillis;
        this.commitUid = commitUid;
        this.tagUid = tagUid;
        this.primary = primary;
    }

    /**
     * A second sink into this sink's table, with its own files, writer state and committer (its own
     * exactly-once), whose committables go to this sink's partition committer: a partition's marker then
     * waits for both sinks' files and watermarks. Lets two branches of a graph write one table without
     * meeting in a union, whose operator could be chained to neither. It must be added to the graph
     * before this sink (Flink builds a sink's topology when it translates it, in the order the sinks
     * were added), or building the graph fails: {@link LakeSinks} hands its sinks out in that order.
     *
     * @param files a file sink into the same table, with part files of another prefix
     */
    <T> PartitionCommitSink<T> alongside(FileSink<T> files) {
        if (primary != null) {
            throw new IllegalStateException("a sink alongside another cannot have one of its own");
        }
        return new PartitionCommitSink<>(files, tablePath, template, delayMillis, commitUid, tagUid, this);
    }

    // ---------------------------------------------------------------- the file sink, unchanged

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<IN> createWriter(Sink.InitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(WriterInitContext context,
            Collection<FileWriterBucketState> recoveredState) throws IOException {
        return files.restoreWriter(context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return files.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return files.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return files.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return files.getCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
        return files.getWriteResultSerializer();
    }

    // ---------------------------------------------------------------- the partition commit

    @Override
    public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> writerResults) {
        written = writerResults;
        return files.addPreCommitTopology(writerResults);
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<FileSinkCommittable>> committed) {
        if (written == null) {
            throw new IllegalStateException("Flink built the post-commit topology without the pre-commit one");
        }
        if (primary != null) {
            primary.accept(this, written, committed);
            written = null;
            return;
        }
        // one committer for the whole table: it must see every writer's watermark and files, each writer
        // known by its sink and subtask, as the sinks' writers share subtask ids
        DataStream<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>> allWritten = tagged(written, 0).global();
        DataStream<CommittableMessage<FileSinkCommittable>> allCommitted = committed.global();
        int sinks = 1;
        if (alongsideWritten != null) {
            for (int i = 0; i < alongsideWritten.size(); i++) {
                allWritten = allWritten.union(alongsideWritten.get(i).global());
                allCommitted = allCommitted.union(alongsideCommitted.get(i).global());
            }
            sinks += alongsideWritten.size();
        }
        allWritten
                .connect(allCommitted)
                .transform(NAME, BasicTypeInfo.VOID_TYPE_INFO,
                        new PartitionCommitter(tablePath, template, delayMillis, sinks))
                .uid(commitUid)
                .setParallelism(1)
                .setMaxParallelism(1);
        written = null;
        committerBuilt = true;
    }

    private void accept(PartitionCommitSink<?> sink, DataStream<CommittableMessage<FileSinkCommittable>> written,
            DataStream<CommittableMessage<FileSinkCommittable>> committed) {
        if (committerBuilt) {
            throw new IllegalStateException("a sink into " + tablePath + " was added to the graph after the sink"
                    + " whose partition committer it feeds: add it first");
        }
        if (alongsideWritten == null) {
            alongsideWritten = new ArrayList<>();
            alongsideCommitted = new ArrayList<>();
        }
        // built while the sink alongside is translated, so that Flink gives the map that sink's uid prefix
        alongsideWritten.add(sink.tagged(written, alongsideWritten.size() + 1));
        alongsideCommitted.add(committed);
    }

    /**
     * The writers' committables with the index of their sink, in a map chained to the writers (same
     * parallelism, forward): typed with the committables' own serializer, no Kryo.
     */
    private DataStream<Tuple2<Integer, CommittableMessage<FileSinkCommittable>>> tagged(
            DataStream<CommittableMessage<FileSinkCommittable>> writerResults, int sinkIndex) {
        return writerResults
                .map(new TagWithSink(sinkIndex))
                .returns(new TupleTypeInfo<>(BasicTypeInfo.INT_TYPE_INFO, writerResults.getType()))
                .uid(tagUid)
                .name(TAG_NAME)
                .setParallelism(writerResults.getParallelism());
    }

    /** Tags a writer's committables with the index of its sink among those feeding one committer. */
    static final class TagWithSink implements MapFunction<CommittableMessage<FileSinkCommittable>,
            Tuple2<Integer, CommittableMessage<FileSinkCommittable>>> {
        private static final long serialVersionUID = 1L;
        private final int sink;

        TagWithSink(int sink) {
            this.sink = sink;
        }

        @Override
        public Tuple2<Integer, CommittableMessage<FileSinkCommittable>> map(
                CommittableMessage<FileSinkCommittable> message) {
            return Tuple2.of(sink, message);
        }
    }
}
