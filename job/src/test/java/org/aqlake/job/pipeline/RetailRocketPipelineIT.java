package org.aqlake.job.pipeline;

import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.aqlake.job.support.PipelineRecipes.codecs;
import static org.aqlake.job.support.PipelineRecipes.copy;
import static org.aqlake.job.support.PipelineRecipes.count;
import static org.aqlake.job.support.PipelineRecipes.files;
import static org.aqlake.job.support.PipelineRecipes.partitions;
import static org.aqlake.job.support.PipelineRecipes.runBatch;
import static org.aqlake.job.support.PipelineRecipes.schema;
import static org.aqlake.job.support.PipelineRecipes.sharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * sql/pipelines/01_retailrocket on the real RetailRocket sample, with three spoiled lines added: DuckDB
 * reads the CSV files and the lake, and they hold the same rows; the spoiled lines are dead letters.
 */
class RetailRocketPipelineIT {

    static final String EVENTS_CSV = "SELECT * FROM read_csv(?, header = true, all_varchar = true)";
    static final List<String> SPOILED_EVENTS = List.of("1437927001434,79,buy,450209,", "garbage");
    static final String SPOILED_CATEGORY = "1016,root";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    @TempDir
    static Path dir;
    static Path data;
    static Path lake;

    @BeforeAll
    static void runTheRecipe() throws Exception {
        data = sharedData("retailrocket");
        Path input = copy(data, dir.resolve("input"));
        Files.write(input.resolve("events.csv"), SPOILED_EVENTS, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.write(input.resolve("category_tree.csv"), List.of(SPOILED_CATEGORY), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        lake = dir.resolve("lake");
        runBatch("01_retailrocket", lake, Map.of("input", input.toUri().toString()));
    }

    static String csv(String file) {
        return data.resolve(file).toAbsolutePath().toString();
    }

    @Test
    void everyEventOfTheCsvIsOneRowWithItsColumnsTyped() throws Exception {
        long events = count(EVENTS_CSV, csv("events.csv"));

        assertThat(count("SELECT * FROM read_parquet(?)", files(lake.resolve("events")))).isEqualTo(events)
                .isEqualTo(1_419);
        // the same rows, column by column: nothing lost, nothing changed
        assertThat(count("SELECT CAST(timestamp AS BIGINT), CAST(visitorid AS BIGINT), event, CAST(itemid AS BIGINT),"
                + " CAST(CAST(transactionid AS DOUBLE) AS BIGINT) FROM read_csv(?, header = true, all_varchar = true)"
                + " EXCEPT SELECT timestamp, visitorid, event, itemid, transactionid FROM read_parquet(?)",
                csv("events.csv"), files(lake.resolve("events")))).isZero();
        assertThat(schema(lake.resolve("events"))).containsExactly(entry("timestamp", "BIGINT"),
                entry("visitorid", "BIGINT"), entry("event", "VARCHAR"), entry("itemid", "BIGINT"),
                entry("transactionid", "BIGINT"), entry("event_date", "VARCHAR"));
    }

    @Test
    void eventsArePartitionedByTheirUtcDateNotByItem() throws Exception {
        long days = count("SELECT DISTINCT CAST(to_timestamp(CAST(timestamp AS BIGINT) / 1000) AT TIME ZONE 'UTC'"
                + " AS DATE) FROM read_csv(?, header = true, all_varchar = true)", csv("events.csv"));
        long items = count("SELECT DISTINCT itemid FROM read_csv(?, header = true, all_varchar = true)",
                csv("events.csv"));

        assertThat(partitions(lake.resolve("events"))).hasSize((int) days).allMatch(p -> p.matches(
                "event_date=\\d{4}-\\d{2}-\\d{2}"));
        assertThat(days).isEqualTo(138);
        assertThat(items).isEqualTo(1_133);
        assertThat(count("SELECT * FROM read_parquet(?, hive_partitioning = true) WHERE event_date"
                + " <> strftime(to_timestamp(timestamp / 1000) AT TIME ZONE 'UTC', '%Y-%m-%d')",
                files(lake.resolve("events")))).isZero();
    }

    @Test
    void itemPropertiesAndTheCategoryTreeKeepEveryRow() throws Exception {
        assertThat(count("SELECT * FROM read_parquet(?)", files(lake.resolve("item_properties"))))
                .isEqualTo(count(EVENTS_CSV, csv("item_properties_part1.csv"))).isEqualTo(336);
        assertThat(schema(lake.resolve("item_properties"))).containsExactly(entry("timestamp", "BIGINT"),
                entry("itemid", "BIGINT"), entry("property", "VARCHAR"), entry("value", "VARCHAR"),
                entry("snapshot_date", "VARCHAR"));
        long snapshotDays = count("SELECT DISTINCT CAST(to_timestamp(CAST(timestamp AS BIGINT) / 1000) AT TIME ZONE"
                + " 'UTC' AS DATE) FROM read_csv(?, header = true, all_varchar = true)", csv("item_properties_part1.csv"));
        assertThat(partitions(lake.resolve("item_properties"))).hasSize((int) snapshotDays)
                .allMatch(p -> p.matches("snapshot_date=\\d{4}-\\d{2}-\\d{2}"));
        assertThat(snapshotDays).isEqualTo(18);

        assertThat(count("SELECT * FROM read_parquet(?)", files(lake.resolve("category_tree"))))
                .isEqualTo(count(EVENTS_CSV, csv("category_tree.csv"))).isEqualTo(1_669);
        assertThat(count("SELECT * FROM read_parquet(?) WHERE parentid IS NULL", files(lake.resolve("category_tree"))))
                .isEqualTo(count("SELECT * FROM read_csv(?, header = true, all_varchar = true) WHERE parentid IS NULL",
                        csv("category_tree.csv"))).isEqualTo(25);
        assertThat(schema(lake.resolve("category_tree"))).containsExactly(entry("categoryid", "BIGINT"),
                entry("parentid", "BIGINT"));
    }

    @Test
    void everyTableIsZstdParquet() throws Exception {
        for (String table : List.of("events", "item_properties", "category_tree")) {
            assertThat(codecs(lake.resolve(table))).as(table).containsExactly("ZSTD");
        }
    }

    @Test
    void everySpoiledLineIsADeadLetterWithItsReasonFileAndLine() throws Exception {
        List<Map<String, Object>> errors = DuckDb.query("SELECT source_table, reason, source_file, line"
                + " FROM read_json_auto(?) ORDER BY line", files(lake.resolve("errors")));

        assertThat(errors).extracting(e -> e.get("source_table") + " " + e.get("reason") + " " + e.get("line"))
                .containsExactly("category_tree bad-parentid 1016,root",
                        "events unknown-event 1437927001434,79,buy,450209,",
                        "events not-5-fields garbage");
        assertThat(errors).allMatch(e -> String.valueOf(e.get("source_file")).endsWith(".csv"));
    }
}
