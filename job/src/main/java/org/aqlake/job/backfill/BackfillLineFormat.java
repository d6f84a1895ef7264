package org.aqlake.job.backfill;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads backfilled files line by line ({@link FileLines}) into {@link BackfillLine}s. A bulk format rather than
 * a stream format because a record's lineage needs its file, which only the split knows. Files are never
 * split: a CSV file's header and a gzip stream are only read from the start. A restored reader re-reads its
 * file and skips the lines it had emitted.
 */
public final class BackfillLineFormat implements BulkFormat<BackfillLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;

    private final BackfillSettings settings;

    public BackfillLineFormat(BackfillSettings settings) {
        this.settings = settings;
    }

    @Override
    public Reader<BackfillLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LinesReader(FileLines.open(split, settings), 0);
    }

    @Override
    public Reader<BackfillLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        LinesReader reader = new LinesReader(FileLines.open(split, settings), 0);
        for (long i = 0; i < skip && reader.lines.next() != null; i++) {
            reader.emitted++;
        }
        return reader;
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<BackfillLine> getProducedType() {
        return TypeInformation.of(BackfillLine.class);
    }

    private static final class LinesReader implements BulkFormat.Reader<BackfillLine> {
        final FileLines lines;
        long emitted;

        LinesReader(FileLines lines, long emitted) {
            this.lines = lines;
            this.emitted = emitted;
        }

        @Override
        public BulkFormat.RecordIterator<BackfillLine> readBatch() throws IOException {
            List<BackfillLine> batch = new ArrayList<>(BATCH);
            BackfillLine line;
            while (batch.size() < BATCH && (line = lines.next()) != null) {
                batch.add(line);
            }
            if (batch.isEmpty()) {
                return null;
            }
            long before = emitted;
            emitted += batch.size();
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
