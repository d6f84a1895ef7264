package org.aqlake.job.support;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;

import org.aqlake.job.LocalFileSystems;
import org.aqlake.job.sink.PartitionCommitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A local copy of the lake of {@link SavepointScenario} (readings, aggregates, raw archive), read back. */
public final class SavepointLake {

    private static final String PREFIX = SavepointScenario.LAKE_PREFIX;

    public final LakeContents contents;
    public final Path aggregatesDir;

    private SavepointLake(Path transformed, Path raw) {
        contents = new LakeContents(transformed.resolve("readings"), transformed.resolve("errors"), raw);
        aggregatesDir = transformed.resolve("aggregates");
    }

    /** An S3Proxy with the scenario's buckets, made Flink's s3:// file system. */
    public static EmbeddedS3 startS3() throws Exception {
        EmbeddedS3 store = new EmbeddedS3();
        store.createBucket(LakeTestJob.TRANSFORMED_BUCKET);
        store.createBucket(LakeTestJob.RAW_BUCKET);
        Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), store.endpoint(), true,
                EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
        FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
        return store;
    }

    public static SavepointLake copy(EmbeddedS3 s3, Path dir) {
        try {
            s3.download(LakeTestJob.TRANSFORMED_BUCKET, PREFIX + "/", dir.resolve("transformed"));
            s3.download(LakeTestJob.RAW_BUCKET, PREFIX + "/", dir.resolve("raw"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new SavepointLake(dir.resolve("transformed").resolve(PREFIX), dir.resolve("raw").resolve(PREFIX));
    }

    public List<Map<String, Object>> rows() {
        try {
            return contents.readings();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> raw() {
        try {
            return contents.raw();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> aggregates(String partition) {
        try {
            return ParquetRows.read(aggregatesDir).stream()
                    .filter(r -> partition.equals(r.get(ParquetRows.PARTITION))).collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the aggregates table has its marker in the partition. */
    public boolean aggregatesMarked(String partition) {
        return Files.exists(aggregatesDir.resolve(partition).resolve(PartitionCommitter.SUCCESS_FILE));
    }

    /** Whether both tables have their marker in the partition. */
    public boolean marked(String partition) {
        return Files.exists(contents.readingsDir.resolve(partition).resolve(PartitionCommitter.SUCCESS_FILE))
                && Files.exists(aggregatesDir.resolve(partition).resolve(PartitionCommitter.SUCCESS_FILE));
    }
}
