package org.aqlake.job.local;

import org.aqlake.job.config.JobConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LakeFoldersTest {

    static final Path S3 = Path.of("/data/s3");

    @Test
    void anS3LakePathIsAFolderOfTheLocalS3ProxyStore() {
        JobConfig cfg = JobConfig.from(Map.of(
                "lake.transformed-path", "s3://aq-transformed/lake",
                "lake.raw-archive.enabled", "true",
                "lake.raw-path", "s3a://aq-raw"));

        LakeFolders f = LakeFolders.of(cfg, S3);

        assertThat(f.readings).isEqualTo(Path.of("/data/s3/aq-transformed/lake/readings"));
        assertThat(f.errors).isEqualTo(Path.of("/data/s3/aq-transformed/lake/errors"));
        assertThat(f.raw).isEqualTo(Path.of("/data/s3/aq-raw"));
    }

    @Test
    void aFileLakePathIsItsOwnFolderAndNoRawArchiveMeansNoRawFolder() {
        JobConfig cfg = JobConfig.from(Map.of("lake.transformed-path", "file:///tmp/lake"));

        LakeFolders f = LakeFolders.of(cfg, S3);

        assertThat(f.readings).isEqualTo(Path.of("/tmp/lake/readings"));
        assertThat(f.raw).isNull();
    }
}
