package org.aqlake.job.bench;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a run left on disk: committed Parquet files, their rows (from the footers) and their bytes. */
final class LakeFiles {

    private static final Configuration HADOOP = new Configuration();

    final long files;
    final long rows;
    final long bytes;
    /** Compressed column chunks only: the bytes per row without the fixed cost of each file's footer. */
    final long dataBytes;
    /** Hidden files (in-progress or pending parts): none may be left after a job ended. */
    final long hidden;

    private LakeFiles(long files, long rows, long bytes, long dataBytes, long hidden) {
        this.files = files;
        this.rows = rows;
        this.bytes = bytes;
        this.dataBytes = dataBytes;
        this.hidden = hidden;
    }

    static LakeFiles parquet(Path dir) {
        long files = 0;
        long rows = 0;
        long bytes = 0;
        long dataBytes = 0;
        long hidden = 0;
        for (Path p : walk(dir)) {
            String name = p.getFileName().toString();
            if (name.equals("_SUCCESS")) {
                continue; // the partition-commit marker: a committed partition, not an uncommitted file
            }
            if (name.startsWith(".") || name.startsWith("_")) {
                hidden++;
                continue;
            }
            if (!name.endsWith(".parquet") && !name.startsWith("part-")) {
                continue; // Flink SQL's file sink names its files part-<uuid>-<subtask>-<n>, without a suffix
            }
            files++;
            try (ParquetFileReader reader = ParquetFileReader.open(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(p.toUri()), HADOOP))) {
                rows += reader.getRecordCount();
                for (BlockMetaData block : reader.getFooter().getBlocks()) {
                    for (ColumnChunkMetaData column : block.getColumns()) {
                        dataBytes += column.getTotalSize();
                    }
                }
                bytes += Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return new LakeFiles(files, rows, bytes, dataBytes, hidden);
    }

    private static List<Path> walk(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
