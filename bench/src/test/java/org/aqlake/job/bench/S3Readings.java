package org.aqlake.job.bench;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;

import org.aqlake.job.LocalFileSystems;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.LakeTestJob;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Parquet folders in an in-process S3Proxy, written through Flink's S3 plugin as in {@code ReadingsLakeIT}:
 * a reader lists {@code readings/} and reads each new visible file.
 */
final class S3Readings implements VisibleReadings {

    private static final String BUCKET = LakeTestJob.TRANSFORMED_BUCKET;

    private final EmbeddedS3 s3;
    private final String prefix;
    private final Path download;
    private final Set<String> seen = new HashSet<>();

    S3Readings(String stream, Path work) throws Exception {
        this.prefix = stream;
        this.download = work.resolve("download.parquet");
        s3 = new EmbeddedS3();
        s3.createBucket(BUCKET);
        Configuration fs = LocalFileSystems.s3Emulator(new Configuration(), s3.endpoint(), true,
                EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
        FileSystem.initialize(fs, PluginUtils.createPluginManagerFromRootFolder(fs));
    }

    @Override
    public Map<String, String> config() {
        return Map.of("lake.transformed-path", "s3://" + BUCKET + "/" + prefix);
    }

    @Override
    public List<String> newlyVisible() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String key : s3.list(BUCKET, prefix + "/readings/")) {
            if (!VisibleReadings.visibleParquet(key) || !seen.add(key)) {
                continue;
            }
            try (InputStream in = s3.blobStore().getBlob(BUCKET, key).getPayload().openStream()) {
                Files.copy(in, download, StandardCopyOption.REPLACE_EXISTING);
            }
            ids.addAll(VisibleReadings.deviceIds(download.toUri().toString()));
        }
        return ids;
    }

    @Override
    public void close() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        s3.close();
    }
}
