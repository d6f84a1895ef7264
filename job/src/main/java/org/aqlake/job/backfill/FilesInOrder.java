package org.aqlake.job.backfill;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;

/**
 * Hands out the files in the order they were listed: the days of a backfill in order, so that event time
 * advances as it did in the stream and a day is not late merely because a later one was read first.
 * Flink's own assigners prefer locality, or take the last split first.
 */
public final class FilesInOrder implements FileSplitAssigner {

    private final ArrayDeque<FileSourceSplit> splits;

    public FilesInOrder(Collection<FileSourceSplit> splits) {
        this.splits = new ArrayDeque<>(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.pollFirst());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> more) {
        // a reader that failed gives its split back: it is read again before the files after it
        ArrayList<FileSourceSplit> back = new ArrayList<>(more);
        for (int i = back.size() - 1; i >= 0; i--) {
            splits.addFirst(back.get(i));
        }
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(splits);
    }
}
