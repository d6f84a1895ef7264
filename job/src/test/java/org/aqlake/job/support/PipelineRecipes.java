package org.aqlake.job.support;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.AqLakeSqlPipeline;
import org.aqlake.job.config.PipelineConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a recipe of sql/pipelines/ from the class path (where the build packs it into the jar) in BATCH
 * mode on the test's MiniCluster, and reads its tables with DuckDB.
 */
public final class PipelineRecipes {

    private PipelineRecipes() {}

    /** The real sample data ({@code ../shared/data/}, as the failsafe configuration names it). */
    public static Path sharedData(String folder) {
        Path root = Path.of(System.getProperty("shared.data.dir", "../../shared/data"));
        Path data = root.resolve(folder);
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("No sample data at " + data.toAbsolutePath());
        }
        return data;
    }

    /** Runs {@code sql/pipelines/<recipe>/pipeline.sql} to its end with {@code lake} and the other parameters. */
    public static void runBatch(String recipe, Path lake, Map<String, String> params) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("pipeline.script", "classpath:sql/pipelines/" + recipe + "/pipeline.sql");
        props.put("pipeline.mode", "BATCH");
        props.put("pipeline.params.lake", lake.toUri().toString());
        params.forEach((k, v) -> props.put("pipeline.params." + k, v));
        AqLakeSqlPipeline.run(PipelineConfig.from(props), StreamExecutionEnvironment.getExecutionEnvironment())
                .await();
    }

    /** The committed files of a table of Flink's filesystem connector (part-…, without an extension). */
    public static String files(Path table) {
        return table.toAbsolutePath() + "/**/part-*";
    }

    /** DuckDB's count of a query's rows. */
    public static long count(String sql, Object... params) throws Exception {
        return ((Number) DuckDb.query("SELECT count(*) AS n FROM (" + sql + ")", params).get(0).get("n"))
                .longValue();
    }

    /** Column name to DuckDB type of a Parquet table (with its hive partition columns). */
    public static Map<String, String> schema(Path table) throws Exception {
        Map<String, String> schema = new LinkedHashMap<>();
        for (Map<String, Object> row : DuckDb.query(
                "DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = true, hive_types_autocast = false)",
                files(table))) {
            schema.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return schema;
    }

    /** The compression codecs of every column chunk of a table's files. */
    public static List<String> codecs(Path table) throws Exception {
        return DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata(?)", files(table)).stream()
                .map(r -> String.valueOf(r.get("compression"))).collect(Collectors.toList());
    }

    /** The partition folders directly under a table. */
    public static List<String> partitions(Path table) throws IOException {
        try (Stream<Path> s = Files.list(table)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Copies every file of a sample folder, keeping its layout, so that a test may add spoiled lines. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
