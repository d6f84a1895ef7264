package org.aqlake.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;

import org.aqlake.udfs.partition.PartitionTemplate;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a table's complete partitions get a {@code _SUCCESS} file ({@link PartitionCommitSink}): {@link
 * #off()}, or {@link #after} a delay past the watermark.
 */
public final class SuccessFiles {

    private static final SuccessFiles OFF = new SuccessFiles(Optional.empty());

    private final Optional<Marking> marking;

    private SuccessFiles(Optional<Marking> marking) {
        this.marking = marking;
    }

    public static SuccessFiles off() {
        return OFF;
    }

    /**
     * @param delay how long after the watermark passes a partition's end its marker waits
     * @param template the table's partition template, whose folders name the time
     * @param commitUid the uid of the partition committer within the table's sink
     * @param tagUid the uid of the map that tags each sink's committables for the committer
     */
    public static SuccessFiles after(Duration delay, PartitionTemplate template, String commitUid, String tagUid) {
        return new SuccessFiles(Optional.of(new Marking(delay, template, commitUid, tagUid)));
    }

    public boolean isOn() {
        return marking.isPresent();
    }

    /** The table's files, marked when this is on. */
    <T> Sink<T> wrap(FileSink<T> files, String tablePath) {
        return marking.<Sink<T>>map(m -> m.sink(files, tablePath)).orElse(files);
    }

    <T> PartitionCommitSink<T> commitSink(FileSink<T> files, String tablePath) {
        return marking.orElseThrow(() -> new IllegalStateException("success files are off")).sink(files, tablePath);
    }

    @Override
    public String toString() {
        return marking.map(m -> "after " + m.delay).orElse("off");
    }

    private static final class Marking {
        final Duration delay;
        final PartitionTemplate template;
        final String commitUid;
        final String tagUid;

        Marking(Duration delay, PartitionTemplate template, String commitUid, String tagUid) {
            this.delay = Objects.requireNonNull(delay, "delay");
            this.template = Objects.requireNonNull(template, "template");
            this.commitUid = Objects.requireNonNull(commitUid, "commitUid");
            this.tagUid = Objects.requireNonNull(tagUid, "tagUid");
        }

        <T> PartitionCommitSink<T> sink(FileSink<T> files, String tablePath) {
            return new PartitionCommitSink<>(files, tablePath, template, delay, commitUid, tagUid);
        }
    }
}
