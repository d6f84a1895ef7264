package org.aqlake.job.bench;

import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the freshness job ({@link Freshness}) writes its readings table, and what a reader of that table can
 * see so far: the Parquet folders on S3 ({@link S3Readings}) or on a local file system ({@link FolderReadings}),
 * or the Iceberg table's current snapshot ({@link IcebergReadings}). The freshness loop polls
 * {@link #newlyVisible()} the same way whatever the format, so the figures compare.
 */
interface VisibleReadings extends AutoCloseable {

    /** The job's configuration keys that point it at this lake (they override the freshness defaults). */
    Map<String, String> config();

    /** The {@code device_id} of every reading in the files a reader can see now and could not at the last call. */
    List<String> newlyVisible() throws Exception;

    /** A Parquet file of the Hive-style folders that a reader sees: not hidden (in progress, or awaiting compaction). */
    static boolean visibleParquet(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return key.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_");
    }

    /** The {@code device_id} column of a Parquet file, by URI or path. */
    static List<String> deviceIds(String file) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new Path(file)).build()) {
            Group g;
            while ((g = reader.read()) != null) {
                if (g.getFieldRepetitionCount("device_id") > 0) {
                    ids.add(g.getString("device_id", 0));
                }
            }
        }
        return ids;
    }
}
