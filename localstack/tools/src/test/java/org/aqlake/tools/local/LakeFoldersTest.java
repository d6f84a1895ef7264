package org.aqlake.tools.local;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.config.PropertyGroups;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LakeFoldersTest {

    static final Path S3 = Path.of("/data/s3");
    static final Path CONFIGS = Path.of("..", "..", "config").toAbsolutePath().normalize();

    @Test
    void anS3LakePathIsAFolderOfTheLocalS3ProxyStore() {
        LakeFolders f = LakeConfig.folders(Map.of(
                "lake.transformed-path", "s3://aq-transformed/lake",
                "lake.raw-archive.enabled", "true",
                "lake.raw-path", "s3a://aq-raw"), S3);

        assertThat(f.readings).isEqualTo(Path.of("/data/s3/aq-transformed/lake/readings"));
        assertThat(f.errors).isEqualTo(Path.of("/data/s3/aq-transformed/lake/errors"));
        assertThat(f.raw).isEqualTo(Path.of("/data/s3/aq-raw"));
        assertThat(f.aggregates).isEqualTo(Path.of("/data/s3/aq-transformed/lake/aggregates"));
    }

    @Test
    void aFileLakePathIsItsOwnFolderAndNoRawArchiveMeansNoRawFolder() {
        LakeFolders f = LakeConfig.folders(Map.of("lake.transformed-path", "file:///tmp/lake"), S3);

        assertThat(f.readings).isEqualTo(Path.of("/tmp/lake/readings"));
        assertThat(f.raw).isNull();
    }

    @Test
    void theToolsFindEveryTableWhereTheJobsOwnConfigPutsIt() {
        for (Map<String, String> flat : List.of(
                PropertyGroups.fromFile(CONFIGS.resolve("local.json")),
                PropertyGroups.fromFile(CONFIGS.resolve("localstack.json")),
                with(PropertyGroups.fromFile(CONFIGS.resolve("local.json")), "aggregates.enabled", "false"),
                with(Map.of("lake.transformed-path", "s3://lake/prefix/"), "lake.raw-archive.enabled", "FALSE"),
                with(Map.of("lake.transformed-path", "file:///tmp/lake", "lake.raw-path", " file:///tmp/raw "),
                        "lake.raw-archive.enabled", "True"))) {
            JobConfig job = JobConfig.from(flat);

            LakeFolders tools = LakeConfig.folders(flat, S3);

            assertThat(tools.readings).as("readings of %s", flat).isEqualTo(LakeFolders.local(job.readingsPath(), S3));
            assertThat(tools.errors).as("errors of %s", flat).isEqualTo(LakeFolders.local(job.errorsPath(), S3));
            assertThat(tools.raw).as("raw archive of %s", flat)
                    .isEqualTo(job.rawPath.map(path -> LakeFolders.local(path, S3)).orElse(null));
            assertThat(tools.aggregates).as("aggregates of %s", flat)
                    .isEqualTo(job.aggregation.isPresent() ? LakeFolders.local(job.aggregatesPath(), S3) : null);
        }
    }

    static Map<String, String> with(Map<String, String> flat, String key, String value) {
        Map<String, String> copy = new HashMap<>(flat);
        copy.put(key, value);
        return copy;
    }
}
