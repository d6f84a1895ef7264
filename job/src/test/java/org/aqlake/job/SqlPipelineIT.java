package org.aqlake.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.PipelineConfig;
import org.aqlake.job.pipeline.ScriptException;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL pipeline runner on a MiniCluster: a script from the class path, its parameters bound, the AQ
 * functions registered, every INSERT in one job, Parquet read back by DuckDB.
 */
class SqlPipelineIT {

    static final String SCRIPT = "classpath:pipelines/aqi_by_line.sql";
    /** The US EPA AQI of 35.4 µg/m³ PM2.5, the top of the "moderate" band. */
    static final int AQI_OF_35_4 = 100;

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().s3().build();

    static Map<String, String> properties(Path input, Path lake, String reason) {
        return properties(input, lake, reason, "BATCH");
    }

    static Map<String, String> properties(Path input, Path lake, String reason, String mode) {
        return Map.of("pipeline.script", SCRIPT, "pipeline.mode", mode, "pipeline.checkpoint-interval", "1 s",
                "pipeline.params.input", input.toUri().toString(), "pipeline.params.lake", lake.toUri().toString(),
                "pipeline.params.reason", reason);
    }

    /** The committed files of a table of Flink's filesystem connector: part-…, without an extension. */
    static String files(Path table) {
        return table.toAbsolutePath() + "/**/part-*";
    }

    @Test
    void aBatchScriptWritesItsTablesInOneJobWithTheAqFunctionsAndParameters(@TempDir Path dir) throws Exception {
        Path input = input(dir);
        Path lake = dir.resolve("lake");
        // a value with a quote and SQL in it is data: it lands as written
        String reason = "not-a-number'); DROP TABLE aqi; --";

        AqLakeSqlPipeline.run(PipelineConfig.from(properties(input, lake, reason)),
                StreamExecutionEnvironment.getExecutionEnvironment()).await();

        List<Map<String, Object>> rows = DuckDb.query("SELECT location, pm25, aqi FROM read_parquet(?) ORDER BY 1",
                files(lake.resolve("aqi")));
        assertThat(rows).extracting(r -> r.get("location")).containsExactly("delhi", "paris");
        assertThat(rows.get(0).get("aqi")).isEqualTo(AQI_OF_35_4);
        List<Map<String, Object>> errors = DuckDb.query("SELECT reason, line, source_file FROM read_json_auto(?)",
                files(lake.resolve("errors")));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).containsEntry("reason", reason).containsEntry("line", "lima,n/a");
        assertThat((String) errors.get(0).get("source_file")).endsWith("in.csv");
    }

    /** A folder with the CSV file, and beside it a file the script's table hint leaves out. */
    static Path input(Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("in.csv"), "delhi,35.4\nparis,12.0\nlima,n/a\n", StandardCharsets.UTF_8);
        Files.writeString(input.resolve("notes.txt"), "not,read\n", StandardCharsets.UTF_8);
        return input;
    }

    @Test
    void aStreamingRunOfABoundedInputCommitsItsFilesAtTheEnd(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");

        AqLakeSqlPipeline.run(PipelineConfig.from(properties(input(dir), lake, "nan", "STREAMING")),
                StreamExecutionEnvironment.getExecutionEnvironment()).await();

        assertThat(DuckDb.query("SELECT location FROM read_parquet(?) ORDER BY 1", files(lake.resolve("aqi"))))
                .extracting(r -> r.get("location")).containsExactly("delhi", "paris");
        assertThat(DuckDb.query("SELECT line FROM read_json_auto(?)", files(lake.resolve("errors"))))
                .extracting(r -> r.get("line")).containsExactly("lima,n/a");
    }

    @Test
    void onManagedFlinkTheScriptAndTheLakeMayLiveInS3(@TempDir Path dir) throws Exception {
        String bucket = LakeTestJob.TRANSFORMED_BUCKET;
        try (var script = SqlPipelineIT.class.getResourceAsStream("/pipelines/aqi_by_line.sql")) {
            LAKE.s3().put(bucket, "scripts/aqi_by_line.sql", script.readAllBytes());
        }
        Map<String, String> props = new java.util.HashMap<>(properties(input(dir), dir, "nan"));
        props.put("pipeline.script", "s3://" + bucket + "/scripts/aqi_by_line.sql");
        props.put("pipeline.params.lake", "s3://" + bucket + "/sql-lake");

        AqLakeSqlPipeline.run(PipelineConfig.from(props), StreamExecutionEnvironment.getExecutionEnvironment())
                .await();
        Path lake = dir.resolve("downloaded");
        LAKE.s3().download(bucket, "sql-lake/", lake);

        List<Map<String, Object>> rows = DuckDb.query("SELECT location, aqi FROM read_parquet(?) ORDER BY 1",
                files(lake.resolve("sql-lake/aqi")));
        assertThat(rows).extracting(r -> r.get("location")).containsExactly("delhi", "paris");
        assertThat(rows.get(0).get("aqi")).isEqualTo(AQI_OF_35_4);
    }

    @Test
    void aMissingParameterStopsTheRunBeforeAnyJobWithItsNameAndLine(@TempDir Path dir) {
        Map<String, String> props = new java.util.HashMap<>(properties(dir, dir.resolve("lake"), "r"));
        props.remove("pipeline.params.reason");

        assertThatThrownBy(() -> AqLakeSqlPipeline.run(PipelineConfig.from(props),
                StreamExecutionEnvironment.getExecutionEnvironment()))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("'reason'").hasMessageContaining("line 41");
    }
}
